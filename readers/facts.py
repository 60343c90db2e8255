"""Document facts from the document: title, department, year, budget stage.

The title is the heading: the largest text near the top of the first pages (a
cover's lines joined: "XX镇人民政府" + "2026年部门预算"), else the first line that
reads like a heading.  Department and year come from the title ("XX局2024年部门
预算"), then from labelled lines (部门名称：XX), then from the performance blocks
(a notice's table is its 主管部门's), then from a notice's issuer (its heading's
"XX关于…的通知", its signature) — never from a table's 合计 line.  The stage is `final` where the document says
决算 or evaluates itself (自评), `budget` where it says 预算 or sets targets.
"""
from __future__ import annotations

from statistics import median

import regex

from budgetpdf.model import PdfContent
from budgetpdf.readers.labels import line_pairs, strip_code

_YEAR = regex.compile(r"(?<!\d)(20\d\d)\s*年")
_HEADING = regex.compile(r"预算|决算|绩效|目标|自评|评价|通知|公开|报告|表$")
_SUBTITLE = regex.compile(r"^([(（]\s*(19|20)\d\d\s*年度?\s*[)）]?|(19|20)\d\d\s*年度?\s*[)）])$")
_STRONG = regex.compile(r"预算|决算|绩效|自评")
_PROSE = regex.compile(r"^(根据|按照|为了?|现已|经|请|各|注|说明|备注|附件\s*\d*\s*[:：]?$)")
_FURNITURE = regex.compile(r"^[-—\s]*\d{1,3}[-—\s]*$|^第\s*\d+\s*页|共\s*\d+\s*页$|^目\s*录$")
_ORG_END = regex.compile(r"(局|委员会|委|办公室|办|院|中心|政府|厅|部|所|站|队|馆|学校|中学|小学|学院|幼儿园|"
                         r"医院|社|会|协会|联合会|公司|街道|街道办事处|镇|乡|处|室|团|分局|监狱|大队|支队|本级|"
                         r"开发区|新区|园区|示范区|集中区|试验区|管委会|管理委员会)$")
# a place publishing its own summary ("施甸县2016年“三公”经费决算…"): the name is all place
_PLACE = regex.compile(r"^\p{Han}{1,8}?(省|自治区|市|州|盟|县|区|旗)$")
# after the department in a title: the year, or the document's own words
_TITLE_DEPT = regex.compile(r"^(.{2,40}?)(?:(?:19|20)\d\d\s*年度?|部门预算|单位预算|部门决算|单位决算|"
                            r"项目支出|整体支出|预算|决算|[“\"]?三公[”\"]?经费|一般公共预算|政府性基金|国有资本|财政拨款)")
_SENTENCE = regex.compile(r"[。；;]|[，,].*[，,]")  # a sentence, never a heading: stops, or clauses
# a numbered item or a label with its value ("(2)立项依据:中标通知书…"), never a title
_ITEM = regex.compile(r"\s*([(（]\d{1,2}[)）]|\d{1,2}\s*[.、．])|^[^:：]{2,8}[:：]\S")
_TABLE_NO = regex.compile(r"(公开)?\d{1,2}表$|[(（]?表\s*\d+[)）]?$")


def body_size(content: PdfContent) -> float:
    """The usual glyph height of the document: lines outside tables and cell text."""
    sizes = [ln.size for p in content.pages for ln in p.lines if ln.size]
    sizes += [g.text_size for p in content.pages for g in p.grids if g.text_size for _ in g.cells if _.text]
    return median(sizes) if sizes else 0.0


def heading_lines(content: PdfContent, pages: int = 2) -> list[str]:
    """Headings of the first pages: the largest lines near the top, joined (those
    of the first page that has any)."""
    return next((texts for texts in page_headings(content, pages) if texts), [])


def page_headings(content: PdfContent, pages: int = 2, top: float = 0.6) -> list[list[str]]:
    """Per page of the first ones, its headings: large lines in its upper `top`
    part, joined."""
    body = body_size(content)
    out = []
    for page in content.pages[:pages]:
        lines = [ln for ln in page.lines if ln.text and not _FURNITURE.search(ln.text)]
        sizes = [ln for ln in lines if body and ln.size >= 1.15 * body and ln.top < top * (page.height or 1e9)]
        groups: list[list] = []
        for ln in sorted(sizes, key=lambda ln: ln.top):
            if _SUBTITLE.match(ln.text) or (groups and ln.text == groups[-1][-1].text):
                continue  # "(2022年度)" under a title, or the title printed twice
            if groups and abs(ln.size - groups[-1][-1].size) <= 0.15 * ln.size \
                    and ln.top - groups[-1][-1].bottom <= 2.5 * ln.size:
                groups[-1].append(ln)
            else:
                groups.append([ln])
        texts = ["".join(x.text for x in g) for g in groups]
        for k in range(len(texts) - 2, -1, -1):  # a cover's year on a line of its own, the name below
            if regex.fullmatch(r"\s*(19|20)\d\d\s*年度?\s*", texts[k]):
                texts[k:k + 2] = [texts[k].strip() + texts[k + 1]]
        out.append([t for t in texts if len(regex.findall(r"\p{Han}", t)) >= 4 and not _SENTENCE.search(t)])
    return out


def find_title(content: PdfContent, grid_titles: list[str]) -> str | None:
    # the first pages, or the next two when those are a cover and a 目录 with no heading
    first = 2 if any(page_headings(content, 2, top=1.0)) else 4
    headings = heading_lines(content, first)
    # a budget/performance heading before any other, anywhere on the first pages (a
    # notice's allocation table printed above its 绩效目标表)
    for pattern, texts in ((_STRONG, [t for page in page_headings(content, first, top=1.0) for t in page]),
                           (_HEADING, headings)):
        for text in texts:
            if pattern.search(text):
                return text
    if headings:
        return headings[0]
    first = content.pages[0].lines if content.pages else []
    for ln in first:
        t = ln.text
        if 6 <= len(t) <= 60 and _HEADING.search(t) and not _PROSE.match(t) and "单位" not in t[:4] \
                and not _SENTENCE.search(t) and not _ITEM.match(t):
            return t
    return next((t for t in grid_titles if _HEADING.search(t)), None)


def department_from_title(title: str | None, place: bool = False) -> str | None:
    """"XX局2024年部门预算" → XX局; "2024年XX局部门预算" → XX局; with `place`, a
    place alone ("施甸县2016年“三公”经费决算…": the county's own summary), the
    last resort when nothing in the document names a department."""
    if not title:
        return None
    s = regex.sub(r"\s+", "", title)
    s = regex.sub(r"^(19|20)\d\d年度?", "", s)
    m = _TITLE_DEPT.match(s)
    if not m:
        return None
    name = m.group(1)
    # "XX集中区（管委会）": the bracket names the organisation; "（本级）" only its scope
    inner = regex.search(r"[(（]([^()（）]{3,})[)）]$", name)
    if _ORG_END.search(name) or (inner and _ORG_END.search(inner.group(1))) or (place and _PLACE.match(name)):
        return name
    return None


def labelled_department(content: PdfContent, pages: int = 2) -> str | None:
    """部门：XX / 部门名称：XX / 单位名称：XX printed in a line of the first pages."""
    for page in content.pages[:pages]:
        for ln in page.lines:
            for label, value in line_pairs(ln.text):
                if label.startswith(("部门", "单位名称", "预算单位", "填报单位", "主管部门")) and not label.endswith("单位:"):
                    value = _TABLE_NO.sub("", strip_code(value)).strip()
                    if value and not regex.fullmatch(r"万?元", value):
                        return value
    return None


_DATE = regex.compile(r"^(19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")


_NOTICE = regex.compile(r"^(.{2,30}?)关于.{4,}(通知|函|批复|决定|意见|公告|公示)$")


def notice_issuer(content: PdfContent) -> str | None:
    """The organisation a notice's heading names before 关于 ("巫溪县财政局关于提前
    转下达…资金预算的函"), on its first page."""
    for ln in content.pages[0].lines if content.pages else []:
        m = _NOTICE.match(regex.sub(r"\s+", "", ln.text))
        if m and _ORG_END.search(m.group(1)):
            return m.group(1)
    return None


def signature_department(content: PdfContent) -> str | None:
    """The organisation signing a notice: a line naming one, right above its date
    line ("同心县下马关镇人民政府" / "2023年3月27日")."""
    for page in content.pages:
        for above, ln in zip(page.lines, page.lines[1:]):
            name = regex.sub(r"\s+", "", above.text)
            if _DATE.match(regex.sub(r"\s+", "", ln.text)) and 4 <= len(name) <= 30 and _ORG_END.search(name) \
                    and not regex.search(r"[，。,;；:：]", name):
                return name
    return None


def find_year(title: str | None, content: PdfContent, label_years: list[int],
              grid_titles: list[str] = ()) -> int | None:
    # the title, a "(2021年度)" printed under a table's title (below a notice's body
    # perhaps), the first lines of the first pages, titles inside the grid
    subtitles = [ln.text for p in content.pages[:2] for ln in p.lines
                 if regex.fullmatch(r"\s*[(（]\s*(19|20)\d\d\s*年度?\s*[)）]\s*", ln.text)]
    for text in [title or ""] + subtitles + [ln.text for p in content.pages[:2] for ln in p.lines[:8]] \
            + list(grid_titles):
        m = _YEAR.search(text)
        if m:
            return int(m.group(1))
    if label_years:
        return max(set(label_years), key=label_years.count)
    return None


_FILED = regex.compile(r"(填报|填表|报送|评价|自评)(日期|时间)\s*[:：]?\s*((?:19|20)\d\d)\s*[-./年]")


def filing_year(content: PdfContent) -> int | None:
    """The year of a printed filing date ("填报日期:2021.5.18") on the first page."""
    for ln in content.pages[0].lines if content.pages else []:
        m = _FILED.search(regex.sub(r"\s+", "", ln.text))
        if m:
            return int(m.group(3))
    return None


def find_stage(title: str | None, content: PdfContent, blocks) -> str | None:
    """From the headings (a notice's body citing a 自评 circular says nothing)."""
    text = " ".join([title or ""] + heading_lines(content, 3))
    evaluated = "绩效评价" in (title or "") and "预算" not in (title or "")  # an evaluation's own title
    if "决算" in text or "自评" in text or evaluated or any(b.fields.get("table_kind") == "self_evaluation" for b in blocks):
        return "final"
    if "预算" in text or "绩效目标" in text or blocks:
        return "budget"
    return None


# an office inside a department (经济建设科, 产业发展股) publishes nothing of its own
_SECTION = regex.compile(r"(科|股|组)$")
# the level a budget unit is listed at in brackets, not part of its name: "XX联合社(部门)"
_LEVEL_SUFFIX = regex.compile(r"\s*[(（](?:部门|本级|单位)[)）]$")


# a name's place prefix: 省 / 自治区 (1), then a city 市 / 州 / 盟 (2), then a district 区 / 县 / 旗 (3)
_PLACE_LEVELS = [(3, regex.compile(r"^(?:\p{Han}{2,4}(?:省|自治区))?(?:\p{Han}{2,4}(?:市|州|盟))?\p{Han}{2,6}?(?:(?<!自治)区|县|旗)")),
                 (2, regex.compile(r"^(?:\p{Han}{2,4}(?:省|自治区))?\p{Han}{2,4}?(?:市|州|盟)")),
                 (1, regex.compile(r"^(?:\p{Han}{2,4}(?:省|自治区)|自治区|省)"))]


def _place_level(name: str) -> int:
    """The level of government a name's place prefix says (丽江市古城区… 3, 丽江市… 2,
    自治区教育厅 1); 0 when it names no place (a school, 县财政局)."""
    return next((level for level, pattern in _PLACE_LEVELS if pattern.match(name)), 0)


def block_publisher(block) -> str | None:
    """The department a table block names: its 主管部门 (the contract's source of the
    publishing department), else its 实施/用款单位 (a block's 部门整体 name), never an
    office inside one; an area's unit (a transfer's 区域) is no publisher."""
    unit = None if block.fields.get("_area") else block.fields.get("unit")
    department = block.fields.get("department")
    if department and unit and _place_level(unit) > _place_level(department) >= 1:
        department = None  # a district's unit under a city's department: the district publishes
    for name in (department, unit,
                 block.name if block.kind == "department" else None):
        name = _LEVEL_SUFFIX.sub("", name or "").strip()
        if name and not _SECTION.search(name):
            return name
    return None


def document_facts(content: PdfContent, blocks, label_years: list[int], grid_titles: list[str],
                   title: str | None = None) -> dict:
    title = title or find_title(content, grid_titles)
    dept = department_from_title(title) or labelled_department(content)
    if dept is None:  # a notice's table is its 主管部门's; the notice's issuer only where none is printed
        for block in blocks:
            dept = block_publisher(block)
            if dept:
                break
    dept = dept or notice_issuer(content) or signature_department(content) or department_from_title(title, place=True)
    stage = find_stage(title, content, blocks)
    year = find_year(title, content, label_years, grid_titles)
    if year is None and stage == "final" and (filed := filing_year(content)):
        year = filed - 1  # a year's accounts and self-evaluation are filed in the year after
    return {"title": title, "department": dept, "year": year, "budget_stage": stage}
