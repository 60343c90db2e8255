"""Mending what a grid without vertical rules, or a page break, does to a budget
table: labels wrapped into rows of their own, a continuation page without its
header, a repeated header read a little differently."""
from __future__ import annotations

from budgetpdf.extract.grid import Grid
from budgetpdf.readers.budget_headers import ENUMERATED, Column, Layout, column_counts, origin_cells


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

    tops = {r: min((c.text_top for c in origin_cells(grid, r) if c.text and c.text_top is not None),
                   default=None) for r in lay.body}
    steps = sorted(b - a for a, b in zip(*[[t for t in tops.values() if t is not None][k:] for k in (0, 1)])
                   if b > a)
    pitch = steps[len(steps) // 2] if steps else None  # the usual distance from row to row

    def wrapped(r0: int, r1: int) -> bool:
        """Lines of one label sit closer than rows do (a row has its padding); a
        label whose amount is blank is a row of its own at the usual distance."""
        a, b = tops.get(r0), tops.get(r1)
        return pitch is None or a is None or b is None or b - a < 0.85 * pitch

    keep: list[int] = []
    pending: dict[int, str] = {}       # first lines waiting for their row below
    pending_rows: list[int] = []
    last_full: dict[int, bool] = {}    # does the label of the row above end in a full line
    for r in lay.body:
        texts = {cell.col: cell.text for cell in origin_cells(grid, r) if cell.text}
        spanned = [cell for cell in grid.row(r) if cell.row < r and cell.text
                   and lay.role(cell.col) in ("code", "amount")]
        lonely = bool(texts) and all(lay.role(c) == "label" for c in texts) and \
            not any(ENUMERATED.match(t) for t in texts.values())
        if lonely and spanned:
            for c, t in texts.items():
                lay.labels[(spanned[0].row, c)] = lay.text(grid, spanned[0].row, c) + t
            continue
        if lonely and keep and not pending and all(last_full.get(c) for c in texts) \
                and wrapped(keep[-1], r):
            for c, t in texts.items():
                lay.labels[(keep[-1], c)] = lay.text(grid, keep[-1], c) + t
                last_full[c] = full(c, t)
            continue
        below = next((b for b in lay.body if b > r), None)
        if lonely and all(full(c, t) for c, t in texts.items()) and (below is None or wrapped(r, below)):
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
    counts = column_counts(grid, lay.body)
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
def harmonize(lay: Layout, first: Layout) -> None:
    """A repeated header read a little differently on a continuation page (a group
    header that lost its span): its columns take the first page's paths, by leaf."""
    known = {c.path for c in first.columns if c.path}
    by_leaf: dict[str, list[str]] = {}
    for c in first.columns:
        if c.path and (not by_leaf.get(c.leaf) or by_leaf[c.leaf][-1] != c.path):
            by_leaf.setdefault(c.leaf, []).append(c.path)  # (a path over two lattice columns once)
    runs: list[list] = []  # columns of one path side by side (a path over two lattice columns)
    for c in lay.columns:
        if runs and runs[-1][0].path == c.path:
            runs[-1].append(c)
        else:
            runs.append([c])
    seen: dict[str, int] = {}
    for run in runs:
        path, leaf = run[0].path, run[0].leaf
        if not path:
            continue
        k = seen.get(leaf, 0)
        seen[leaf] = k + 1
        paths = by_leaf.get(leaf, [])
        count = sum(1 for r in runs if r[0].path and r[0].leaf == leaf)
        if path in known:
            continue
        if len(set(paths)) == 1:
            new = paths[0]
        elif len(paths) == count:  # 收入/预算数 … 支出/预算数: the k-th of its leaf
            new = paths[k]
        else:
            continue
        for c in run:
            c.path = new


def join_cut_label(grid: Grid, lay: Layout, prev_grid: Grid, prev: Layout) -> None:
    """A page break that cut a row: the continuation's first row holds only the rest
    of a label ("其他财政事" | … on one page, "务支出" on the next), no code and no
    amount: it is joined to the last row of the page before."""
    if grid.page != prev_grid.page + 1 or not lay.body or not prev.body:
        return
    first = lay.body[0]
    texts = {c.col: c.text for c in origin_cells(grid, first) if c.text}
    if len(texts) != 1 or any(lay.role(c) != "label" or ENUMERATED.match(t) for c, t in texts.items()):
        return  # (an enumerated label, "二十、…", starts a row of its own; so do labels on
        # both sides of a 收入 | 支出 table, 上年结转 | 年终结转结余 with blank amounts)
    last = prev.body[-1]
    for c, t in texts.items():
        lay_col = min(c, prev_grid.n_cols - 1)
        prev.labels[(last, lay_col)] = prev.text(prev_grid, last, lay_col) + t
    lay.body = lay.body[1:]
