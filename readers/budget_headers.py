"""One budget-table grid → its row bands and its column-role model.

Rows: title/meta rows a grid may hold at its top (a merged cell "部门收支总表
部门：XX 单位：万元"), header rows (one to five, group headers over leaf headers),
body rows, and note rows at its bottom ("注：本部门无…").  Columns: each lattice
column gets its header path (group headers joined by "/", as the contract writes
`column`) and a role decided from its body's content, the header words being the
evidence where the body is silent (an empty table):

  code   科目编码 / 类 | 款 | 项 (digits only)
  label  科目名称 / 项目 (text): the item of the amounts to its right
  amount numbers
  skip   行次 / 栏次 / 序号 / 数量: numbers that are not money
  empty  nothing in it
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetpdf.extract.grid import Cell, Grid
from budgetpdf.normalize import budget as vocab
from budgetpdf.readers.budget_paths import CODE_PARTS, header_paths, join_spaced, numbering_row

_SKIP_HEADER = re.compile(r"行次|栏次|序号|数量|编号$")
_CODE_HEADER = re.compile(r"编码|代码")
_LABEL_HEADER = re.compile(r"名称|^项目$|^科目$|摘要|^内容$|^功能分类科目$|^经济分类科目$|^支出功能分类科目$")
# a cell that starts a body row even without numbers: an enumerated label
ENUMERATED = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．])")
_CODEISH = re.compile(r"^\d{2,9}$")
_HEADER_WORDS = re.compile(r"科目|编码|名称|项目|合计|小计|总计|预算|决算|支出|收入|经费|金额|数$|类|款|项|行次|栏次"
                           r"|拨款|结转|结余|费")
MAX_HEADER_ROWS = 5


@dataclass
class Column:
    index: int
    path: str
    role: str = "empty"

    @property
    def leaf(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass
class Layout:
    """Row bands and column roles of one grid."""
    top: list[str] = field(default_factory=list)      # text of title/meta rows inside the grid
    header: list[int] = field(default_factory=list)   # header row indexes
    body: list[int] = field(default_factory=list)     # body row indexes
    notes: list[str] = field(default_factory=list)    # note rows inside the grid
    columns: list[Column] = field(default_factory=list)
    labels: dict = field(default_factory=dict)        # (row, col) → label text mended from wrapped rows
    next_number: str | None = None                    # "表二" under the grid: the next table's number

    def text(self, grid: Grid, r: int, c: int) -> str:
        if (r, c) in self.labels:
            return self.labels[(r, c)]
        cell = grid.at(r, c)
        return cell.text if cell is not None else ""

    @property
    def signature(self) -> tuple[str, ...]:
        """What a repeated header looks like: its column paths."""
        return tuple(c.path for c in self.columns)

    def role(self, c: int) -> str:
        return self.columns[c].role if 0 <= c < len(self.columns) else "empty"

    def amount_columns(self) -> list[Column]:
        return [c for c in self.columns if c.role == "amount"]

    def has_roles(self, *roles: str) -> bool:
        return any(c.role in roles for c in self.columns)


def origin_cells(grid: Grid, r: int) -> list[Cell]:
    """Cells that start in row r (a cell merged down is printed once, in its first row)."""
    return [c for c in grid.row(r) if c.row == r]


def _full_width_text(grid: Grid, r: int) -> str | None:
    """Text of a row that prints one thing across the table (title, meta, note)."""
    cells = [c for c in grid.row(r) if c.text]
    if not cells:
        return ""
    if len(cells) == 1 and (cells[0].colspan >= max(2, grid.n_cols - 1) or grid.n_cols == 1):
        return cells[0].text
    if all(vocab.unit_of(c.text) or vocab.META.search(c.text) for c in cells):
        return " ".join(c.text for c in cells)  # 部门：XX | 单位：万元
    return None


# prose across the table: a sentence, or a numbered heading of the text after it
_PROSE = re.compile(r"^(?=.{15,}).*[，。；]|^[一二三四五六七八九十]+、.{6,}(?:说明|情况)$")


def _is_body_cell(text: str) -> bool:
    return vocab.is_amount(text) or bool(ENUMERATED.match(text))


def _is_header_row(grid: Grid, r: int) -> bool:
    texts = [c.text for c in grid.row(r) if c.text]
    join_spaced(texts)  # "收 | 入" of a spaced "收　　入" is one header word
    if numbering_row(texts) or numbering_row([c.text for c in origin_cells(grid, r) if c.text]):
        return True  # (科目编码 merged down beside 栏次 | 1 | 2 … is the header's, not the row's)
    if not texts or any(_is_body_cell(t) for t in texts):
        return False
    own = [c for c in origin_cells(grid, r) if c.text]
    if len(texts) == 1 and len(own) == 1 and own[0].colspan == 1 and own[0].rowspan == 1 and grid.n_cols >= 3:
        # one narrow cell alone: the rest of a label a page break cut ("务支出") over the
        # body, or a header word over the header's next row (项目 centred over the code columns)
        return r + 1 < grid.n_rows and _is_header_row(grid, r + 1)
    return any(_HEADER_WORDS.search(t) for t in texts)


def split_rows(grid: Grid) -> Layout:
    """Title/meta rows, header rows, body rows and note rows of a grid."""
    lay = Layout()
    r, n = 0, grid.n_rows
    while r < n:  # title / meta / blank rows at the top
        t = _full_width_text(grid, r)
        if t is None or (t and not (vocab.is_title(t) or vocab.unit_of(t) or vocab.META.search(t))):
            break
        if t:
            lay.top.append(t)
        r += 1
    end = n
    while end > r:  # notes, blank rows and the next table's number at the bottom
        t = _full_width_text(grid, end - 1)
        lone = [c.text for c in grid.row(end - 1) if c.text]
        if t is None and len(lone) == 1 and vocab.number_of(lone[0]):
            lay.next_number = vocab.number_of(lone[0])
        elif t and not vocab.is_note(t) and _PROSE.search(t):
            pass  # the text after the table (its 情况说明) set as close as a row
        elif t is None or (t and not vocab.is_note(t)):
            break
        elif t:
            lay.notes.insert(0, t)
        end -= 1
    while r < end and len(lay.header) < MAX_HEADER_ROWS and _is_header_row(grid, r):
        lay.header.append(r)
        r += 1
    lay.body = list(range(r, end))
    return lay


def column_counts(grid: Grid, body: list[int]) -> list[dict]:
    counts = [{"amount": 0, "code": 0, "text": 0, "ratio": 0} for _ in range(grid.n_cols)]
    for r in body:
        for cell in origin_cells(grid, r):
            t = cell.text.replace(" ", "")
            if not t or t in vocab.DASHES:
                continue
            k = counts[cell.col]
            if _CODEISH.match(t):
                k["code"] += 1
            elif vocab.is_amount(t):
                k["amount"] += 1
            elif vocab.PERCENT.match(t):
                k["ratio"] += 1  # 增减幅度 22%: a number column, its ratios no amounts
            else:
                k["text"] += 1
    return counts


def _header_role(path: str) -> str | None:
    leaf = path.rsplit("/", 1)[-1]
    if _SKIP_HEADER.search(leaf):
        return "skip"
    if leaf in CODE_PARTS or (_CODE_HEADER.search(path) and not re.search(r"名称", leaf)):
        return "code"
    if _LABEL_HEADER.search(leaf):
        return "label"
    return None


def assign_roles(grid: Grid, lay: Layout, char_w: float = 10.0) -> None:
    """Role of every column: header words first for code/label/skip, the body's
    content for the rest (numbers → amount, text → label)."""
    counts = column_counts(grid, lay.body)
    paths = header_paths(grid, lay.header, char_w)
    _shift_headers(paths, counts)
    cols = []
    for c in range(grid.n_cols):
        path = paths[c]
        k = counts[c]
        role = _header_role(path)
        numbers = k["amount"] + k["code"] + k["ratio"]
        if role == "label" and numbers > k["text"]:
            role = "amount"   # a header word misleads: the column holds money
        elif role is None:
            if k["text"] > numbers:
                role = "label"
            elif numbers:
                role = "amount"
            elif path:
                role = "amount"  # an empty table's amount columns
            else:
                role = "empty"
        cols.append(Column(c, path, role))
    _codes_by_content(cols, counts)
    lay.columns = cols


def _shift_headers(paths: list[str], counts: list[dict]) -> None:
    """Without vertical rules a header can land one lattice column beside its values:
    a column of values with no header (or only the group over it: "公务用车购置及运行费"
    where the leaf 公务用车运行费 sits one column over) takes the header of a
    neighbour with no values."""
    def filled(k: dict) -> bool:
        return bool(k["amount"] or k["code"] or k["text"])
    for c, path in enumerate(paths):
        if not filled(counts[c]):
            continue
        for n in (c - 1, c + 1):
            if 0 <= n < len(paths) and paths[n] and not filled(counts[n]) \
                    and (not path or (paths[n].startswith(path + "/") and counts[c]["amount"])):
                paths[c], paths[n] = paths[n], ""
                break


def _codes_by_content(cols: list[Column], counts: list[dict]) -> None:
    """Without a 编码 header, a column of bare 3/5/7-digit numbers left of the first
    label column is the code column (amounts carry separators or decimals)."""
    first_label = next((c.index for c in cols if c.role == "label"), None)
    if first_label is None or any(c.role == "code" for c in cols):
        return
    for c in cols[:first_label]:
        k = counts[c.index]
        if c.role == "amount" and k["code"] and not k["amount"] and not k["text"] \
                and not re.search(r"合计|小计|总计|数|费|支出|收入", c.path):
            c.role = "code"


def analyse(grid: Grid, char_w: float = 10.0) -> Layout:
    lay = split_rows(grid)
    assign_roles(grid, lay, char_w)
    return lay


_LEVEL_WORDS = re.compile(r"^(?:产出|效益|满意度|成本|数量|质量|时效|社会效益|经济效益|生态效益|可持续影响)指标")


# key/value labels of a project block (项目名称 | X | 主管部门 | Y): a performance
# table's head, never a budget table's
_PROJECT_KEYS = re.compile(r"^(?:主管部门|实施单位|实施周期|项目负责人|项目属性|部门预算编码|预算部门编码|资金用途)$")


def is_performance_grid(grid: Grid, lay: Layout) -> bool:
    """A performance-target table (一级指标 / 绩效目标 …) is never a budget table,
    even when it prints amounts."""
    rows = lay.header + lay.body[:4]
    texts = [c.text for r in rows for c in grid.row(r)] + lay.top
    if any(vocab.PERFORMANCE_HEADER.search(t) or _PROJECT_KEYS.match(t) for t in texts if len(t) < 40):
        return True
    return any(_LEVEL_WORDS.match(c.text) for r in lay.body[:12] for c in origin_cells(grid, r))
