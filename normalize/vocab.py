"""The one home of header and label vocabulary.

Header words are *evidence* for a column's role (readers.infer weighs them with
the column's content); label words name the fields of key/value header blocks.
Patterns match `label_key(text)`: the text without spaces, stars, numbering marks
and with bracket/colon widths folded.  First match wins.
"""
from __future__ import annotations

import regex

# -- indicator-table header words → column role ---------------------------------
ROLE_PATTERNS: list[tuple[str, str]] = [
    (r"^一级(?!项目)(指标|目标)?", "level1"),  # (一级项目名称 is a header block's label)
    (r"^二级(?!项目)(指标|目标)?", "level2"),
    (r"^三级(?!项目)(指标|目标)?", "name"),
    (r"^(绩效)?指标名称$|^指标内容$|^(三级)?指标$|^具体指标$|^绩效指标名称$|^考核指标$", "name"),
    (r"偏差|原因分析|改进措施|未完成原因", "deviation"),
    (r"^(单项)?(指标)?得分(?!计算|方法|标准|说明|依据|系数|率)|^自评得分|^评价得分|^实际得分", "score"),
    # actual ÷ target (累计完成率 143%): derived, neither a target nor an actual value
    (r"完成率$|完成比例$|完成程度$|达成率$|折算得?分$|得分(系数|率)", "rate"),  # (单项指标折算得分: a weighted product)
    (r"实施周期指标值|中期指标值|长期指标值|中长期指标值|指标值\(长期\)|中期目标值|长期目标值|"
     r"^实施期(目标|指标)值|^中长期目标值|^实施周期目标值", "period"),
    (r"实际实现值|实际完成值|实际完成情况|实际值|完成值|全年实际|^实际完成|^执行情况$|上年.*值", "actual"),
    (r"^指标值类型$|^指标类型$|^指标属性$|^定性/?定量$", "value_kind"),
    (r"^是否", "flag"),  # 是否核心指标: a yes/no question, no target
    (r"^(单项)?(指标)?完成情况$", "explanation"),  # 完成 / 未完成 beside the actual: a verdict, no target
    (r"年度指标值|年度计划指标值|指标值\(年度\)|年度目标值|预期.*(实现|目标)值|^指标值(\(.{0,16}\))?$|^指标值及|目标值$|^年度数值$|"
     r"^(计划|预期|标准)值$|^年度指标$|^指标目标值|^绩效目标值|^目标值|^期望值$|^年初(目标|指标)值|^全年(绩效)?目标"
     r"|^优秀?$", "annual"),  # a grading scale's top grade (评价标准: 优 | 良 | 中 | 差) is the target
    (r"^指标性质$|^比较符|^符号$|^运算符|^比较方式|^计算符号$", "op"),
    (r"^(计量|度量)?单位(\([^()]*\))?$|^计量$", "unit"),  # 单位(文字描述)
    (r"^指标方向", "direction"),
    (r"^(指标)?(权重|分值|分数|标准分)", "weight"),  # 指标权重, 指标分值
    (r"^(良好?|中等?|合格|及格|差|较差|不合格)$", "explanation"),  # the scale's lower grades: thresholds
    (r"指标解释|评\(扣\)分标准|评分标准|绩效标准|备注|指标(值)?说明|计算方法|评价标准|考核标准|取值依据|数据来源", "explanation"),
    (r"^项目名称|^(单位)?\(专项\)名称$|^专项名称$", "p_name"),
    (r"^单位名称$|^预算单位$", "p_unit"),
    (r"^预算数|^预算金额|^项目金额|^资金总额|^项目资金|^金额", "p_amount"),
    (r"^总计$", "total"),
    (r"^财政拨款", "fiscal"),
    (r"^财政专户", "special"),
    (r"^其他资金", "other"),
    (r"^(年度)?(绩效)?目标$|^年度绩效目标$|^绩效目标$", "goal"),
    (r"^绩效指标$", "ind_text"),
    (r"^(任务)?名称$|^(年度)?(目标|工作)任务(名称)?$|^任务$", "t_name"),
    (r"主要(实施)?内容|^目标内容$", "t_content"),
    (r"期望达到的目标", "t_goal"),
    (r"^绩效金额$", "o_amount"),
    (r"金额|资金\(", "t_amount"),
    (r"^项目$", "o_item"),
]

# -- key/value labels of header blocks → field -------------------------------------
KV_PATTERNS: list[tuple[str, str]] = [
    (r"^项目(支出)?名称$|^专项(资金)?名称$|^资金名称$|^项目全称$|^二级项目名称$"
     r"|^(项目|专项|转移支付)\((项目|专项|资金)\)名称$", "name"),  # 项目(专项)名称, 转移支付(项目)名称
    (r"^一级项目名称$", "parent"),  # the programme a 二级项目 belongs to
    (r"^部门(\(单位\))?名称$|^单位名称$|^部门\(单位\)$|^预算部门$|^部门$|^(一级)?预算单位(名称)?$", "dept_name"),
    (r"^项目类型$|^项目类别$|^项目分类$", "project_type"),
    (r"^项目等级$|^项目级次$", "project_level"),
    (r"^(项目)?主管(预算)?部门|^预算主管部门|^(区县|区级|县级|市级|省级|地方|中央)主管(部门|单位)$|^主管单位|^业务主管部门$", "department"),
    (r"^(用款|资金使用|实施|项目|项目实施|执行)(\(主管\))?单位|^申报单位$|^下达(地方或)?单位$", "unit"),
    (r"^实施周期$|^(项目|专项)起止时间$|^项目周期$|^起止时间$|^项目期$|^项目期限$|^实施期$|^项目(支出)?实施期$|^执行期限$"
     r"|^建设周期$|^建设期限?$", "period"),
    (r"^(项目|实施)?(开始|起始|开工)(日期|时间|年度|年份)$", "start"),
    (r"^(项目|实施)?(完成|结束|终止|竣工|到期)(日期|时间|年度|年份)$", "end"),
    (r"^(\d{4}年度?)?(项目)?(年度|本年|当年|年初)?(本级)?(预算(金额|数|总额|资金)|资金总额|总预算|总金额|金额)"
     r"(\((万?元)\))?:?$|^(年度)?资金总额:?$|^项目资金总额$|^年度金额$|^预算申报数$|^(当年|本年|年度)预算$"
     r"|^(本年度|本年|年度|当年)?(预计|计划)投入(资金)?(\((万?元)\))?$"  # 本年度预计投入(万元)
     r"|^(本年度|本年|年度|当年)?申请(省|市|县|区)?(级)?财政预算(资金|金额)?(\((万?元)\))?$"
     r"|^(本次)?下达(中央|省级?|市级?|县级?|区级?)?(预算内)?(资金|投资)(总额)?(\((万?元)\))?$", "amount"),  # a transfer
    (r"^项目总投资(\((万?元)\))?$|^总投资$", "investment"),
    # the medium-term side of a 中期 | 年度 funds block: its lines are not the year's money
    (r"^(中期|实施期|实施周期|中长期)(资金)?总额", "period_amount"),  # the amount when no budget figure is printed
    (r"^(其中:)?(当年|本年)?(公共)?财政(拨款|资金)(数|小计)?(\((万?元)\))?$|^其中:财政拨款", "fiscal"),
    (r"^(其中:)?(当年)?财政专户(拨款|资金)?$", "special"),
    # government money by level (中央资金 / 市级资金 / 区级资金): parts of the fiscal amount
    (r"^(其中:)?(\d[.、])?(当年|本年)?(中央|地方|上级|本级|省级?|市级?|区级?|县级?|区县级?)(财政)?(补助)?资金$"
     r"|^(其中:)?(一般公共预算|政府性基金)(预算)?(拨款|资金)?$", "fiscal_part"),  # (按收入性质分)
    (r"^(其中:)?纳入(财政)?专户管理的非税收入(拨款)?$", "special"),
    (r"^(其中:)?(当年)?其[他它]资金$|^其[他它]$|^(单位)?自有资金(小计)?$", "other"),
    (r"^年度总体(绩效)?目标$", "annual_goal"),
    (r"^(总体绩效目标|总体目标|整体绩效目标|项目绩效目标|绩效目标|项目总体(绩效)?目标)$"
     r"|^(绩效)?目标总体描述$|^总体描述$", "goal"),
    (r"^金额合计$|^合计金额$", "total"),
    (r"^(自评|评价)总分(\(分\))?$", "total_score"),  # (a bare 总分 row closes the indicators: readers.selfeval)
    # the finance office that oversees the block (重庆's 财政处室): no field of the contract
    (r"^(财政|业务|归口|主管)?(归口|业务|主管)?(处室|科室)$", "office"),
]

# Sub-labels of 总体绩效目标 whose text is in the next row, same column.
GOAL_PATTERNS: list[tuple[str, str]] = [
    (r"^实际完成(情况|值)?$|完成情况(综述)?$|^实际完成情况及分析|^年度总体目标完成情况", "goal_actual"),
    (r"^实施周期(总)?目标$|^中(长)?期(滚动)?(绩效)?目标$|^(专项|项目)?长期(绩效)?目标$|^实施期(绩效)?目标$|^项目总目标$", "period_goal"),
    (r"^(\d{4}年)?(度)?年?度?(绩效)?目标$|^年度目标$|^\d{4}年度目标$|^年度绩效目标$|^本年度绩效目标$"
     r"|^年度总体目标$|^年度(绩效)?总目标$|^年度预期目标$|^(专项|项目)年度绩效目标$|^当年(绩效)?目标$|^预期目标$|^年初设定目标$|^项目年度目标$|^年度目标\d?$|^年度主要目标"
     r"|^年初(绩效)?目标$|^全年(\(调整\))?(绩效)?目标$|^调整后(的)?(绩效)?目标$", "annual_goal"),
]

# Words that make a row of short cells a column-header row (any role, any table).
HEADER_WORD = regex.compile(
    r"(指标值?|名称|金额|资金|拨款|总计|合计|目标|内容|单位|类型|标准|分值|得分|权重|性质|方向|"
    r"依据|说明|措施|科目|编码|项目)\s*([(（][^()（）]*[)）]?)?$")

_KEY = str.maketrans("（）［］：【】", "()[]:[]")
_NUMBERING = regex.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．](?!\d)|[(（][一二三四五六七八九十\d]{1,2}[)）])")


def label_key(text: str | None) -> str:
    """Header/label text folded for matching: no spaces, stars, (必填) marks,
    numbering or trailing colon; widths of brackets and colons folded."""
    s = regex.sub(r"[\s*＊★※]", "", (text or "").translate(_KEY))
    s = regex.sub(r"\((必填|选填|可选)\)", "", s)
    # a form's instruction how to fill the field: 年度绩效目标(文字), 项目概述(限300字以内)
    s = regex.sub(r"\((文字|文字描述|文字说明|简述|简要描述|简要说明|概述|描述"
                  r"|(限|不超过)?\d+字(以内|以下)?)\)$", "", s)
    s = regex.sub(r"\((19|20)\d\d年?[-—–~至]+(19|20)\d\d年?\)$", "", s)  # 中期目标(2024年—2026年)
    s = _NUMBERING.sub("", s)
    return s.rstrip(":")


def compile_table(patterns: list[tuple[str, str]]) -> list[tuple[regex.Pattern, str]]:
    return [(regex.compile(p), name) for p, name in patterns]


def lookup(table: list[tuple[regex.Pattern, str]], text: str, max_len: int) -> str | None:
    """The name of the first pattern matching the label key (short labels only)."""
    key = label_key(text)
    if not key or len(key) > max_len:
        return None
    return next((name for pattern, name in table if pattern.search(key)), None)


ROLES = compile_table(ROLE_PATTERNS)
KV = compile_table(KV_PATTERNS)
GOALS = compile_table(GOAL_PATTERNS)
