"""The performance part written as prose: project descriptions and numbered targets.

Whole documents often print, per project, a heading ("（一）XX项目", "1.“XX”项目。")
and labelled paragraphs — 项目概述, 立项依据, 实施主体, 实施周期, 年度预算安排, 绩效目标 —
then numbered indicator sentences in the styles project lists use in a cell
("1、产出指标：X，年度指标值：≥95%。").  A heading with at least one such label is a
project (a "XX项目经费情况说明" with no indicators is one too); prose about budgets
with none of these labels is never a project.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from budgetpdf.extract.grid import TextLine
from budgetpdf.readers import labels
from budgetpdf.normalize.levels import is_level1
from budgetpdf.readers.freetext import level_paragraph, starts_level2
from budgetpdf.readers.numbered import parse_item
from budgetpdf.readers.records import Block
from budgetpdf.readers.titles import project_name_from_title

# description labels → project field ("(1)项目概述。", "实施主体：", "（三）实施周期:")
DESC = [
    (r"项目概述|项目简介|项目内容|主要内容|立项依据|项目背景", None),
    (r"实施主体|实施单位|项目单位|责任单位", "unit"),
    (r"实施周期|起止时间|项目周期|实施期限|项目期限", "period"),
    (r"年度预算安排|预算安排|资金安排|年度预算|项目预算|预算金额|资金来源及规模", "amount"),
    (r"中长期目标|实施周期目标|总体(?:绩效)?目标", "period_goal"),
    (r"年度绩效目标|绩效目标|年度目标", "annual_goal"),
]
_LABEL = regex.compile(r"(?:[(（]\d{1,2}[)）]|\d{1,2}[.、．])?\s*(" + "|".join(p for p, _ in DESC) + r")\s*(?:是|为)?\s*[:：。.]")
# numbering before a heading: "（一）", "1.", "一、", or a number right before a quoted
# name ("1“XX”项目", the point lost in print or OCR)
_HEADING = regex.compile(r"^(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}\s*[.、．](?!\d)|"
                         r"\d{1,2}(?=\s*[“\"「])|[一二三四五六七八九十]{1,3}[、.．])\s*(.{2,60}?)\s*[。.]?$")
# an unnumbered heading that is a quoted name and 项目 alone ("“XX经费”项目。")
_QUOTED_HEADING = regex.compile(r"^\s*([“\"「][^”\"」]{2,40}[”\"」]\s*项目)\s*[。.]?$")
_QUOTED = regex.compile(r"[“\"「]([^”\"」]{2,40})[”\"」]")
_PROJECT_WORD = regex.compile(r"项目|经费|资金|专项|补助|补贴|工程|建设|服务|保障|活动|运营|运行")
_SECTION = regex.compile(r"^[一二三四五六七八九十]{1,3}[、.．]")
_NUMBERED = regex.compile(r"^\d{1,2}\s*[、.．](?!\d)")
_UNBROKEN = regex.compile(r"[^\p{Han}\s]*")
_MONEY = regex.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万元|元)")
_BY = regex.compile(r"由([^，,。；;]{2,30}?)(?:组织|负责|具体)*实施")
_PERIOD_SENTENCE = regex.compile(r"实施周期(?:为|是)?[:：]?([^。；;]{4,30})")
_REPORT = regex.compile(r"(经费)?(情况说明|说明)$")
_PROJECT_REPORT = regex.compile(r"项目(经费|资金)?(情况说明|说明)$")


@dataclass
class Paragraph:
    text: str
    page: int


def paragraphs(lines: list[tuple[TextLine, int]]) -> list[Paragraph]:
    """Wrapped lines joined: a line continues the one above when that one runs to
    the text's right edge and this one does not start a numbered item."""
    out: list[Paragraph] = []
    right: dict[int, float] = {}
    for ln, page in lines:
        right[page] = max(right.get(page, 0.0), ln.x1)
    prev: TextLine | None = None
    for ln, page in lines:
        starts = _HEADING.match(ln.text) or _NUMBERED.match(ln.text)
        # a run of Latin, digits and signs is not broken: the line above ends short of
        # the edge by as much as the run starting this line ("种植作物成活率" / "(≥**%)>=85")
        run = len(_UNBROKEN.match(ln.text).group())
        if prev is not None and out and not starts and \
                prev.x1 >= right[page] - (2.5 + 0.6 * run) * max(prev.size, 1.0) \
                and abs(ln.size - prev.size) <= 0.2 * max(ln.size, 1.0):
            out[-1].text += ln.text
        else:
            out.append(Paragraph(ln.text, page))
        prev = ln
    return out


def project_name(heading: str) -> str | None:
    """The project a heading names ("（四）XX项目经费情况说明" → XX项目)."""
    m = _HEADING.match(heading) or _QUOTED_HEADING.match(heading)
    if not m or level_paragraph(heading) is not None:
        return None  # "（3）满意度指标。服务对象满意度指标：…" is a project's targets, not a project
    text = m.group(1).strip()
    quoted = _QUOTED.search(text)
    if quoted and "项目" not in text[quoted.end():]:
        quoted = None  # "“三公”经费…情况说明" quotes a word, not a project
    name = quoted.group(1) if quoted else _REPORT.sub("", text).rstrip("。.")
    if not name or len(name) > 40 or not _PROJECT_WORD.search(text):
        return None
    return name


def segments(text: str) -> list[tuple[str, str]]:
    """(label, text) pieces of a paragraph holding one or more labels; a label
    inside running text ("…，项目总体绩效目标是：X。现将…") labels its sentence only."""
    marks = list(_LABEL.finditer(text))
    out = []
    for m, nxt in zip(marks, marks[1:] + [None]):
        end = nxt.start() if nxt else len(text)
        if m.start() > 0 and m is marks[0] and "。" in text[m.end(): end]:
            end = text.index("。", m.end())
        out.append((m.group(1), text[m.end(): end].strip()))
    return out


def _field(label: str) -> str | None:
    return next((f for p, f in DESC if regex.fullmatch(p, label)), None)


class ProseReader:
    """Projects from paragraphs, in order (see module doc)."""

    def __init__(self, amount_unit: str):
        self.amount_unit = amount_unit
        self.blocks: list[Block] = []
        self.unread: list[int] = []  # pages of paragraphs with targets no project took
        self._unowned: dict[int, tuple[set, bool]] = {}  # page → level words, targets seen
        self.level1: str | None = None  # the level a section heading ("一、产出指标") opened

    def read(self, paras: list[Paragraph], title: str | None = None) -> list[Block]:
        """Projects of the paragraphs; a document whose targets no heading owns and
        whose title names one project ("关于XX项目绩效目标设定的公示") is that project."""
        blocks = self._read(paras)
        name = project_name_from_title(title) if not blocks and self.unread else None
        if name:
            self.__init__(self.amount_unit)
            blocks = self._read(paras, self._open(name, paras[0].page))
        return blocks

    def _open(self, name: str, page: int) -> Block:
        block = Block("project", name, "prose", page)
        block.fields["table_kind"] = "target"
        self.blocks.append(block)
        self.level1 = None
        return block

    def _read(self, paras: list[Paragraph], block: Block | None = None) -> list[Block]:
        for i, para in enumerate(paras):
            head, _, rest = self._split_heading(para.text)
            name = project_name(head) if head else None
            section = bool(_SECTION.match(para.text))
            level = _SECTION.sub("", para.text).strip(" 。.:：") if section else ""
            if name and self._described(paras, i, rest, strict=section):
                block = self._open(name, para.page)
                para = Paragraph(rest, para.page)
            elif section and block is not None and is_level1(level):
                self.level1 = level  # "一、产出指标": the paragraphs below are its targets
                continue
            elif section:
                block = None  # a new part of the document (十一、…): no project goes on
                self._note_unread(para)  # ("一、产出指标" names a level of unowned targets)
                continue
            if block is None:
                self._note_unread(para)
                continue
            self._fill(block, para)
        self.unread = sorted(p for p, (words, targets) in self._unowned.items()
                             if len(words) >= 2 and targets)
        return self.blocks

    @staticmethod
    def _split_heading(text: str) -> tuple[str, str, str]:
        """A heading and what follows it in the same paragraph ("1.“X”项目。(1)项目概述。…")."""
        m = _LABEL.search(text)
        if m:  # (a paragraph that starts with a label, "(1)项目概述。…", is a description)
            return (text[: m.start()].strip(), "", text[m.start():]) if m.start() > 0 else ("", "", text)
        return (text, "", "") if _HEADING.match(text) or _QUOTED_HEADING.match(text) else ("", "", text)

    @staticmethod
    def _described(paras: list[Paragraph], i: int, rest: str, strict: bool = False) -> bool:
        """A heading followed by description labels (in its own paragraph or the
        next; a top-level section heading only when the very next one is)."""
        if _LABEL.search(rest):
            return True
        following = paras[i + 1: i + (2 if strict else 3)]
        if _PROJECT_REPORT.search(paras[i].text) and following and _MONEY.search(following[0].text):
            return True  # "XX项目经费情况说明" followed by what the money is for
        return any(_LABEL.match(p.text) for p in following)

    def _fill(self, block: Block, para: Paragraph) -> None:
        numbered = _NUMBERED.match(para.text) and not _LABEL.match(para.text)
        item = parse_item(_NUMBERED.sub("", para.text, count=1)) if numbered else None
        if item is not None:  # one indicator: "1、产出指标：X，年度指标值：≥95%。"
            block.add_indicator(item.level1, item.level2, item.name, item.period, item.annual, para.page)
            return
        level = level_paragraph(para.text)
        if level is None and self.level1 and starts_level2(para.text):
            level = level_paragraph(f"{self.level1}：{para.text}")  # under a section "一、产出指标"
        if level is not None:  # one level's indicators: "（1）产出指标。数量指标：A不少于20个；B…"
            for it in level[1]:
                block.add_indicator(level[0], it.level2, it.name, None, it.annual, para.page)
            return
        if numbered:
            return
        found = segments(para.text)
        first = _LABEL.search(para.text)
        if not found or first.start() > 0:  # running text, then perhaps a label in it
            self._sentences(block, Paragraph(para.text[: first.start()] if found else para.text, para.page))
        for label, text in found:
            field = _field(label)
            block.touch(para.page)
            if field == "unit":
                block.set("unit", text.rstrip("。."))
            elif field == "period":
                ys = labels.years(text)
                if ys:
                    block.set("start_year", ys[0])
                    block.set("end_year", ys[-1])
            elif field == "amount":
                self._amount(block, text)
            elif field in ("annual_goal", "period_goal"):
                block.set(field, text)

    def _sentences(self, block: Block, para: Paragraph) -> None:
        """A description in running text: "…经费260000.00元，…由XX组织实施，实施周期为…"."""
        block.touch(para.page)
        self._amount(block, para.text)
        m = _BY.search(para.text)
        if m:
            block.set("unit", m.group(1))
        m = _PERIOD_SENTENCE.search(para.text)
        if m:
            ys = labels.years(m.group(1))
            if ys:
                block.set("start_year", ys[0])
                block.set("end_year", ys[-1])

    def _amount(self, block: Block, text: str) -> None:
        m = _MONEY.search(text)
        if not m:
            return
        raw = m.group(1) + m.group(2)
        block.set_amount("amount", raw, m.group(2))
        if "财政拨款" in text[: m.start()]:
            block.set_amount("fiscal", raw, m.group(2))

    def _note_unread(self, para: Paragraph) -> None:
        """Targets written in prose that no project heading owns: seen, not read.
        A page counts when its unowned paragraphs together name two levels and
        a target (a notice prints "一、产出指标" and "二、效益指标" as headings of
        their own, the targets in the paragraphs between)."""
        here = {w for w in ("产出指标", "效益指标", "满意度指标") if w in para.text}
        if len(here) >= 2 and regex.search(r"\d\s*%", para.text):
            here.add("percent")  # levels and a rate in one paragraph: a target sentence
        words, targets = self._unowned.get(para.page, (set(), False))
        # across paragraphs only comparators count (a growth rate in 收支说明 is no target)
        targets = targets or "percent" in here or bool(regex.search(r"指标值|[≥≤]|>=|<=", para.text))
        self._unowned[para.page] = (words | (here - {"percent"}), targets)


def merge_described(tables: list[Block], described: list[Block]) -> list[Block]:
    """Prose projects that describe a project a target table prints (the same
    name) are that project: the table's values stand, the description adds
    what the table does not print (实施周期, 实施主体, …).  The rest are returned."""
    by_name = {_key(b.name): b for b in tables if b.kind == "project" and b.name}
    rest, taken = [], set()
    for i, b in enumerate(described):
        twin = by_name.get(_key(b.name)) or _table_after(b, described[i + 1:], tables, taken)
        if twin is None:
            rest.append(b)
            continue
        taken.add(id(twin))
        for key, value in b.fields.items():
            twin.set(key, value)
        if not twin.indicators:
            twin.indicators = b.indicators
        twin.pages |= b.pages
    return rest


def _table_after(b: Block, later: list[Block], tables: list[Block], taken: set) -> Block | None:
    """A description with no indicators whose next thing is a target table (its last
    item "(7)绩效目标。" is that table) describes the table's project, though the
    table names it otherwise ("“太**城管执法执勤车辆燃油维修费”项目" over 城管执法车辆
    维修燃油费): the first project table from its first page to the page after its
    last, with no other description before it."""
    if b.indicators:
        return None
    last = max(b.pages)
    for t in sorted((t for t in tables if t.kind == "project" and t.indicators and id(t) not in taken),
                    key=lambda t: t.page):
        # (from its first page: text read into it may reach into the table)
        if b.page <= t.page <= last + 1:
            if any(b2.page <= t.page and min(b2.pages) >= last for b2 in later):
                return None  # another description comes first
            return t
    return None


def _key(name: str) -> str:
    return regex.sub(r"[\s“”\"「」]", "", name or "").removesuffix("项目")

