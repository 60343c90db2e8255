"""What a cell holds, judged from its text alone.

The readers decide a column's role from its header words *and* from what its
cells look like: a column of level names is a level column whatever its header
says, a column of comparators is a comparator column, a column of "≥95%" and
"100人次" is a target column.  `kinds(text)` gives the evidence for one cell.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from budgetpdf.normalize.levels import is_level1, is_level2, strip_score_share
from budgetpdf.normalize.values import parse_value

LEVEL1, LEVEL2, LEVEL_LIKE = "level1", "level2", "level_like"
OP, UNIT, NUMBER, QUAL = "op", "unit", "number", "qual"
KIND, DIRECTION, SCORE, LONG, WORD = "value_kind", "direction", "score", "long", "word"
FILLER = "filler"  # template scaffolding: "目标1", "指标2", "……"
FLAG = "flag"  # a yes / no answer (是否核心指标): never a target

_OP = regex.compile(r"^(≥|≤|>=|<=|>|<|=|═|＝|≧|≦|大于等于|小于等于|大于|小于|等于|不低于|不高于|不少于|"
                    r"不多于|不超过|不大于|不小于|至少|约|区间)$")
_KIND = regex.compile(r"^(定量|定性)(指标)?$")
_DIRECTION = regex.compile(r"^(正向|反向|中性)(指标)?$")
# units as printed in a 计量单位 column: measure words, money, time, area, % …
_UNIT_WORDS = (
    "%|‰|百分比|百分点|个百分点|元|万元|亿元|千元|元/人|人|万人|人次|万人次|人天|户|户次|家|个|件|项|次|"
    "台|辆|套|座|所|间|张|本|册|份|篇|批|场|期|班|天|日|月|年|周|小时|分钟|秒|个月|工作日|学时|课时|"
    "平方米|平米|㎡|m²|亩|万亩|公顷|公里|千米|米|km|m|M|吨|万吨|千克|kg|公斤|千瓦|立方米|万立方米|株|万株|"
    "头|只|条|处|栋|宗|村|镇|校|床|张床|位|名|支|艘|架|部|幅|块|根|棵|盏|箱|袋|瓶|盒|分|度|℃|级|星|"
    "册次|场次|车次|架次|人/次|次/年|元/年|万元/年|元/人/年|元/月|元/天|个/年|人/年|小时/天|分/次|类|种|"
    "门|节|集|帧|条次|篇次|单|笔|起|例|剂|针|台套|套次|户/年|所/年|亿|万"
)
_UNIT = regex.compile(rf"^({_UNIT_WORDS})([/／]({_UNIT_WORDS}))*$")
_FILLER = regex.compile(r"^((目标|指标)\d{1,2}[:：]?|[…\.。·]{2,}|[-—/*]+)$")
_SCORE = regex.compile(r"^\d{1,3}(\.\d{1,2})?(分)?$")
_HAN = regex.compile(r"\p{Han}")
# a level name of a publisher's own ("环境效益指标", "群众满意度指标"); header words are not
_LEVEL_LIKE = regex.compile(r"^(?=.*(效益|满意|成本|产出|数量|质量|时效|影响|效果|效率|能力|管理|履职|社会|经济|生态|"
                            r"环境|服务|可持续|投入|过程|结果|进度|安全|公众))\p{Han}{2,9}指标(\(.{0,8}\)|（.{0,8}）)?$")
_NOT_LEVEL = regex.compile(r"^(一级|二级|三级|绩效|年度绩效|年度|具体|考核|核心|个性|共性|其他|主要|关键|"
                           r"正向|反向|中性|定量|定性|评价|考评|考核评价|评分|业绩|项目|部门)指标")
# words typical of a qualitative target ("效果明显", "持续改善", "是", "按时完成")
_QUAL_WORDS = regex.compile(
    r"好|良|优|高|低|强|显著|明显|提升|提高|改善|增强|增加|达标|合格|满意|完成|按时|及时|有效|稳定|持续|规范|"
    r"降低|减少|达到|符合|保障|确保|落实|到位|无|是|否|不适用|逐步|进一步|合理|正常|可控|健全|完善|长期|"
    r"不断|积极|促进|推动|发挥|实现|加快|优化|安全|平稳|巩固|扩大|带动|受益|得到|基本|全部|全面|普遍|"
    r"一致|准确|齐全|规范化|以内|以上|以下|之内|之前|年底|(日|天|月|年)[内前]$|覆盖|"
    r"应\p{Han}{1,2}尽\p{Han}{1,2}")  # 应保尽保, 应改尽改


def _fold(text: str) -> str:
    return regex.sub(r"\s+", "", text or "")


@lru_cache(maxsize=65536)
def kinds(text: str | None) -> frozenset[str]:
    """Evidence kinds of one cell's text (empty set for an empty cell)."""
    s = _fold(text)
    if not s:
        return frozenset()
    if _FILLER.match(s):
        return frozenset({FILLER})
    out = set()
    if is_level1(strip_score_share(s)):
        out.add(LEVEL1)
    if is_level2(strip_score_share(s)):
        out.add(LEVEL2)
    elif not out and _LEVEL_LIKE.match(s) and not _NOT_LEVEL.match(s):
        out.add(LEVEL_LIKE)  # a publisher's own level name: counts as level 2 evidence
    if _OP.match(s):
        out.add(OP)
    if _KIND.match(s):
        out.add(KIND)
    if _DIRECTION.match(s):
        out.add(DIRECTION)
    if _UNIT.match(s):
        out.add(UNIT)
    if _SCORE.match(s):
        out.add(SCORE)
    if regex.search(r"\d", s) and parse_value(s).value is not None:
        out.add(NUMBER)
    elif regex.fullmatch(r"[是否]", s):
        out.add(FLAG)
    elif len(s) <= 16 and not out and _QUAL_WORDS.search(s):
        out.add(QUAL)
    if len(s) > 24:
        out.add(LONG)
    if not out:
        out.add(WORD)
    return frozenset(out)


def is_target(text: str | None) -> bool:
    """A value a target column would hold: a number with its unit/comparator, or
    a short qualitative target."""
    k = kinds(text)
    return bool(k & {NUMBER, QUAL}) or (SCORE in k)


def is_level(text: str | None, known: bool = False) -> bool:
    """A level name; `known`: one of the standard names or their variants only."""
    return bool(kinds(text) & ({LEVEL1, LEVEL2} if known else {LEVEL1, LEVEL2, LEVEL_LIKE}))
