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

_SKIP_HEADER = re.compile(r"行次|栏次|序号|数量|编号$")
_CODE_HEADER = re.compile(r"编码|代码")
_LABEL_HEADER = re.compile(r"名称|^项目$|^科目$|摘要|^内容$|^功能分类科目$|^经济分类科目$|^支出功能分类科目$")
_CODE_PART = ("类", "款", "项")
# a cell that starts a body row even without numbers: an enumerated label
_ENUMERATED = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．])")
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
    if all(vocab.unit_of(c.text) or vocab._META.search(c.text) for c in cells):
        return " ".join(c.text for c in cells)  # 部门：XX | 单位：万元
    return None


def _is_body_cell(text: str) -> bool:
    return vocab.is_amount(text) or bool(_ENUMERATED.match(text))


def _numbering_row(texts: list[str]) -> bool:
    """The column-number row of final accounts: 栏次 | 1 | 2 | 3 …"""
    words = [t.replace(" ", "") for t in texts]
    return any(w in ("栏次", "行次") for w in words) and \
        all(w in ("栏次", "行次") or re.fullmatch(r"\d{1,2}", w) for w in words) and len(words) > 1


def _is_header_row(grid: Grid, r: int) -> bool:
    texts = [c.text for c in grid.row(r) if c.text]
    if _numbering_row(texts):
        return True
    if not texts or any(_is_body_cell(t) for t in texts):
        return False
    return any(_HEADER_WORDS.search(t) for t in texts)


def split_rows(grid: Grid) -> Layout:
    """Title/meta rows, header rows, body rows and note rows of a grid."""
    lay = Layout()
    r, n = 0, grid.n_rows
    while r < n:  # title / meta / blank rows at the top
        t = _full_width_text(grid, r)
        if t is None or (t and not (vocab.is_title(t) or vocab.unit_of(t) or vocab._META.search(t))):
            break
        if t:
            lay.top.append(t)
        r += 1
    end = n
    while end > r:  # notes and blank rows at the bottom
        t = _full_width_text(grid, end - 1)
        if t is None or (t and not vocab.is_note(t)):
            break
        if t:
            lay.notes.insert(0, t)
        end -= 1
    while r < end and len(lay.header) < MAX_HEADER_ROWS and _is_header_row(grid, r):
        lay.header.append(r)
        r += 1
    lay.body = list(range(r, end))
    return lay


def _text_width(text: str, char_w: float) -> float:
    """Printed width of a header text: CJK glyphs are square, ASCII about half."""
    return sum(char_w if ord(ch) > 0x2e7f else 0.55 * char_w for ch in text)


def _group_misfit(grid: Grid, row: list[str], cell: Cell, j: int, char_w: float) -> float:
    """How far a group header `cell` would be from centred if its group reached column
    j: 0 when its text can be the centre of a span that holds both, else the
    overshoot in points.  The span cannot pass a column that prints its own text
    in the same header row."""
    x_text = (cell.text_x0 if cell.text_x0 is not None else cell.bbox[0]) + \
        min(_text_width(cell.text, char_w), cell.bbox[2] - cell.bbox[0]) / 2
    lo = cell.col
    while lo > 0 and not row[lo - 1]:
        lo -= 1
    hi = cell.col + cell.colspan - 1
    while hi + 1 < len(row) and not row[hi + 1]:
        hi += 1
    left_edge, right_edge = grid.col_edges[lo], grid.col_edges[hi + 1]
    if j > cell.col:   # the group starts at or before the cell and ends with column j
        far = 2 * x_text - grid.col_edges[j + 1]
        return max(0.0, left_edge - far, far - cell.bbox[0])
    far = 2 * x_text - grid.col_edges[j]  # the group starts with column j
    return max(0.0, far - right_edge, cell.bbox[2] - far)


def _group_candidate(grid: Grid, u: int, j: int, step: int, last: int, adjacent: bool) -> Cell | None:
    """The nearest printed cell of header row u from column j in direction `step`, when
    it is a group header (it stops above the leaf row); `adjacent`: only right beside j."""
    k = j + step
    while 0 <= k < grid.n_cols:
        cell = grid.at(u, k)
        if cell is not None and cell.text:
            return cell if cell.row + cell.rowspan - 1 < last else None
        if adjacent:
            return None
        k += step
    return None


def header_matrix(grid: Grid, header: list[int], char_w: float) -> list[list[str]]:
    """Header text every column sees in every header row.  Without vertical rules a
    group header ("支出", "2026年预算数") lands in one column of its group: the blank
    columns around it join the group its text is centred over."""
    rows = []
    for u in header:
        texts = [(grid.at(u, c).text if grid.at(u, c) is not None else "") for c in range(grid.n_cols)]
        if _numbering_row([t for t in texts if t]):
            texts = ["" for _ in texts]  # column numbers are no header level
        rows.append(texts)
    if grid.strategy == "lattice" or len(header) < 2:
        return rows
    last = header[-1]
    texts = [list(r) for r in rows]  # as printed, before any column joins a group
    for i, u in enumerate(header[:-1]):
        for j in range(grid.n_cols):
            if rows[i][j] or not any(rows[k][j] for k in range(i + 1, len(header))):
                continue
            # below the top row a blank is as often a leaf header centred over two
            # rows as a group member: there only a column beside the group joins it
            cands = [c for c in (_group_candidate(grid, u, j, -1, last, i > 0),
                                 _group_candidate(grid, u, j, 1, last, i > 0)) if c]
            scored = sorted((_group_misfit(grid, texts[i], c, j, char_w), c.col) for c in cands)
            if scored and scored[0][0] <= 3 * char_w:
                rows[i][j] = grid.at(u, scored[0][1]).text
    return rows


def header_paths(grid: Grid, header: list[int], char_w: float) -> list[str]:
    """Group headers over the leaf header of every lattice column, joined by "/".
    A one-character piece ("费", "计") under a one-column cell is the wrapped end of
    that cell's text (a cell the lattice cut in two), not a header level: joined on."""
    matrix = header_matrix(grid, header, char_w)
    paths = []
    for c in range(grid.n_cols):
        parts: list[str] = []
        narrow = False  # the last part came from a cell one column wide
        for u, row in zip(header, matrix):
            text = re.sub(r"\s+", "", row[c])
            if not text or (parts and parts[-1] == text):
                continue
            cell = grid.at(u, c)
            if parts and narrow and (len(text) == 1 or len(parts[-1]) == 1) and text not in _CODE_PART:
                parts[-1] += text
            else:
                parts.append(text)
            narrow = cell is not None and cell.text == row[c] and cell.colspan == 1
        paths.append("/".join(parts))
    return paths


def _column_counts(grid: Grid, body: list[int]) -> list[dict]:
    counts = [{"amount": 0, "code": 0, "text": 0} for _ in range(grid.n_cols)]
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
            else:
                k["text"] += 1
    return counts


def _header_role(path: str) -> str | None:
    leaf = path.rsplit("/", 1)[-1]
    if _SKIP_HEADER.search(leaf):
        return "skip"
    if leaf in _CODE_PART or (_CODE_HEADER.search(path) and not re.search(r"名称", leaf)):
        return "code"
    if _LABEL_HEADER.search(leaf):
        return "label"
    return None


def assign_roles(grid: Grid, lay: Layout, char_w: float = 10.0) -> None:
    """Role of every column: header words first for code/label/skip, the body's
    content for the rest (numbers → amount, text → label)."""
    counts = _column_counts(grid, lay.body)
    paths = header_paths(grid, lay.header, char_w)
    _shift_headers(paths, counts)
    cols = []
    for c in range(grid.n_cols):
        path = paths[c]
        k = counts[c]
        role = _header_role(path)
        numbers = k["amount"] + k["code"]
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
    a column of values with no header takes the header of a neighbour with no values."""
    def filled(k: dict) -> bool:
        return bool(k["amount"] or k["code"] or k["text"])
    for c, path in enumerate(paths):
        if path or not filled(counts[c]):
            continue
        for n in (c - 1, c + 1):
            if 0 <= n < len(paths) and paths[n] and not filled(counts[n]):
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
    mend_wrapped_labels(grid, lay)
    return lay


def _width(text: str) -> float:
    return sum(1.0 if ord(ch) > 0x2e7f else 0.5 for ch in text)


def mend_wrapped_labels(grid: Grid, lay: Layout) -> None:
    """Without vertical rules a label wrapped over two or three lines can come out as
    rows of their own.  A row holding only label text (no code, no amount, not an
    enumerated 一、 label) is such a line: joined to the row whose code and amounts
    span it, else by how lines wrap — a line as wide as the column's widest label is
    a first line (it joins the label below), a line after a full one is a last line
    (it joins the label above).  Ruled grids keep wrapped lines in their cell."""
    if grid.strategy == "lattice":
        return
    label_cols = [c.index for c in lay.columns if c.role == "label"]
    widest = {c: max((_width(lay.text(grid, r, c)) for r in lay.body), default=0.0) for c in label_cols}

    def full(c: int, text: str) -> bool:
        return bool(text) and _width(text) >= widest.get(c, 0.0) - 1

    keep: list[int] = []
    pending: dict[int, str] = {}       # first lines waiting for their row below
    pending_rows: list[int] = []
    last_full: dict[int, bool] = {}    # does the label of the row above end in a full line
    for r in lay.body:
        texts = {cell.col: cell.text for cell in origin_cells(grid, r) if cell.text}
        spanned = [cell for cell in grid.row(r) if cell.row < r and cell.text
                   and lay.role(cell.col) in ("code", "amount")]
        lonely = bool(texts) and all(lay.role(c) == "label" for c in texts) and \
            not any(_ENUMERATED.match(t) for t in texts.values())
        if lonely and spanned:
            for c, t in texts.items():
                lay.labels[(spanned[0].row, c)] = lay.text(grid, spanned[0].row, c) + t
            continue
        if lonely and keep and not pending and all(last_full.get(c) for c in texts):
            for c, t in texts.items():
                lay.labels[(keep[-1], c)] = lay.text(grid, keep[-1], c) + t
                last_full[c] = full(c, t)
            continue
        if lonely and all(full(c, t) for c, t in texts.items()):
            for c, t in texts.items():
                pending[c] = pending.get(c, "") + t
            pending_rows.append(r)
            continue
        for c, t in pending.items():
            lay.labels[(r, c)] = t + lay.text(grid, r, c)
        last_full = {c: full(c, texts.get(c) or pending.get(c, "")) for c in label_cols}
        pending, pending_rows = {}, []
        keep.append(r)
    lay.body = sorted(keep + pending_rows)


def reuse_header(grid: Grid, lay: Layout, prev: Layout, prev_grid: Grid) -> None:
    """A continuation printed without its header: take the previous page's column
    paths, by index when the lattices agree, else by horizontal overlap."""
    body = lay.header + lay.body
    lay.header, lay.body = [], sorted(body)
    counts = _column_counts(grid, lay.body)
    cols = []
    for c in range(grid.n_cols):
        if grid.n_cols == prev_grid.n_cols:
            src = prev.columns[c]
        else:
            x0, x1 = grid.col_edges[c], grid.col_edges[c + 1]
            src = max(prev.columns, key=lambda p: min(x1, prev_grid.col_edges[p.index + 1])
                      - max(x0, prev_grid.col_edges[p.index]))
        role = src.role
        k = counts[c]
        if role in ("empty", "skip") and (k["amount"] or k["text"]):
            role = "amount" if k["amount"] >= k["text"] else "label"
        cols.append(Column(c, src.path, role))
    lay.columns = cols


# level names that only indicator rows print: a performance table continued on a
# page without its header still shows them
_LEVEL_WORDS = re.compile(r"^(?:产出|效益|满意度|成本|数量|质量|时效|社会效益|经济效益|生态效益|可持续影响)指标")


def harmonize(lay: Layout, first: Layout) -> None:
    """A repeated header read a little differently on a continuation page (a group
    header that lost its span): its columns take the first page's paths, by leaf."""
    known = {c.path for c in first.columns if c.path}
    by_leaf: dict[str, list[str]] = {}
    for c in first.columns:
        if c.path:
            by_leaf.setdefault(c.leaf, []).append(c.path)
    for c in lay.columns:
        if c.path and c.path not in known and len(set(by_leaf.get(c.leaf, []))) == 1:
            c.path = by_leaf[c.leaf][0]


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
