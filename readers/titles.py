"""Titles and captions: what a line printed above a table or on a cover says.

"2019年度宁晋县高中助学金项目绩效评价指标表" names a project; "XX局2024年部门预算"
names a department, a year and a stage.  Nothing here knows a publisher.
"""
from __future__ import annotations

import regex

# a performance table's caption: …绩效目标表, …绩效目标申报表, …绩效自评表, …绩效评价指标表
PERF_CAPTION = regex.compile(r"绩效.{0,8}表|目标(申报|批复|审批)?表|自评表|指标表")
_YEAR = regex.compile(r"^[(（]?\s*(19|20)\d\d\s*年度?\s*[)）]?")
_NUMBERING = regex.compile(r"^((附件|附表)\s*[\d一二三四五六七八九十]*|[\d一二三四五六七八九十]{1,2}[、.．])\s*[:：、.．]?\s*")
# the caption's tail after the project's name (a transfer payment's 区域绩效目标表 too)
_TAIL = regex.compile(r"(的)?(区域)?((项目支出|支出)?(预算)?(绩效|整体).*|(申报|批复|审批|公开|情况)?表.*)$")


_GENERIC = regex.compile(r"省级|市级|县级|区级|本级|部门|单位|预算|项目|支出|专项|资金|经费|年度|转移支付")


def is_perf_caption(text: str) -> bool:
    return bool(text) and len(text) <= 60 and bool(PERF_CAPTION.search(text))


def project_name_from_title(text: str | None) -> str | None:
    """The project a table caption names, or None ("项目支出绩效目标表" names none)."""
    if not text:
        return None
    s = regex.sub(r"\s+", "", text)
    s = _NUMBERING.sub("", s, count=1)
    s = regex.sub(r"^关于", "", s)  # a notice's title: "关于XX项目绩效目标设定的公示"
    s = _YEAR.sub("", s)
    s = regex.sub(r"[(（][^()（）]*(年|年度)[)）]$", "", s)
    s = _TAIL.sub("", s)
    s = regex.sub(r"^(19|20)\d\d年度?", "", s)
    year = regex.search(r"(19|20)\d\d年度?", s)
    rest = s[year.end():] if year else s
    if len(regex.sub(r"项目$", "", rest)) < 2 or not _GENERIC.sub("", rest):
        return None  # "东莞市司法局2026年项目": a publisher and a year, no project
    if not regex.search(r"项目|经费|资金|工程|专项|补助|补贴|建设|服务|保障|活动|助学金|奖励", s):
        return None
    if not _GENERIC.sub("", s):
        return None  # "部门预算项目", "县级专项资金": the kind of table, no project
    return s


# a notice allocating money: "现下达你单位2021年第四季度XX奖励资金（具体…）",
# "关于下达2023年XX专项资金的通知"; the fund it names, where its table prints no name
_ALLOCATES = regex.compile(
    r"下达(?:给)?(?:你们?(?:单位|县|区|市|局|委|厅)?|各(?:有关)?(?:单位|县(?:市区)?|区|市|部门)?)?"
    r"(?P<fund>[^，。,;；:：“”《》()（）\s]{2,40}?(?:资金|经费|补助|补贴))(?:预算(?:指标)?)?(?=[(（，。,;；的]|$)"
    r"|将(?P<fund>[^，。,;；:：“”《》()（）\s将]{2,40}?(?:资金|经费|补助|补贴))(?:预算(?:指标)?)?下达")


def allocated_fund(text: str | None) -> str | None:
    """The fund a notice's sentence allocates, or None."""
    m = _ALLOCATES.search(regex.sub(r"\s+", "", text or ""))
    return m.group("fund") if m else None
