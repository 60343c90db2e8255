"""The office form's workbook: a template's HTML fragment as an .xlsx (openpyxl).

Part of corpus/office.py (which loads this file by path and re-exports its names): the
fragment parsed into lines and tables (rowspan/colspan placed on the grid), one sheet
per table with the lines before and after it, column widths from the text lengths, row
heights from the wrapped lines, thin borders on every cell, the <h1>/<h2>/<p> lines as
merged rows without borders, A4 portrait or landscape when wide, fit to page width,
<thead> rows as print titles, a Noto CJK font per id.  No LibreOffice here.
"""
from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

UNIT_PT = 7.0          # points per Excel column-width unit as LibreOffice lays it out
CELL_PAD_PT = 7.0      # horizontal padding + a margin for the width estimate
LINE = 1.5             # line pitch of Noto CJK, in em
A4 = (595.3, 841.9)    # points


def _rng_choice(doc_id: str, what: str, options):
    h = hashlib.sha256(f"{doc_id}\0office\0{what}".encode("utf-8")).digest()
    return options[int.from_bytes(h[:8], "big") % len(options)]


def style_for(doc_id: str) -> dict:
    """The spreadsheet typography of one id (deterministic)."""
    return {
        "font": _rng_choice(doc_id, "font", ["Noto Sans CJK SC", "Noto Serif CJK SC"]),
        "body_pt": _rng_choice(doc_id, "body", [9, 10, 10, 11, 12]),
        "title_pt": _rng_choice(doc_id, "title", [14, 16, 18, 20]),
        "margin_in": _rng_choice(doc_id, "margin", [0.4, 0.5, 0.6, 0.75, 0.9]),
        "valign": _rng_choice(doc_id, "valign", ["center", "center", "top"]),
        "bold_header": _rng_choice(doc_id, "bold", [True, False, False]),
        "center_h": _rng_choice(doc_id, "hcenter", [True, False]),
    }


class Node:
    def __init__(self, tag: str, attrs: dict):
        self.tag, self.attrs, self.children = tag, attrs, []
        self.cls = set((attrs.get("class") or "").split())


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = [Node("root", {})]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag != "br":
            self.stack.append(node)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(fragment: str) -> Node:
    b = _Builder()
    b.feed(fragment)
    b.close()
    return b.stack[0]


def _kids(n: Node, *tags) -> list:
    return [c for c in n.children if isinstance(c, Node) and (not tags or c.tag in tags)]


def _raw(n) -> str:
    return n if isinstance(n, str) else "\x00" if n.tag == "br" else "".join(map(_raw, n.children))


def text_of(node) -> str:
    """A cell's or line's text as the browser shows it: HTML whitespace collapsed,
    <br> a line break, each line stripped."""
    lines = [re.sub(r"[ \t\n\r\f]+", " ", s).strip(" ") for s in _raw(node).split("\x00")]
    return "\n".join(lines).strip("\n")


def table_grid(table: Node) -> dict:
    """Cells placed on the grid (rowspan/colspan), the number of <thead> rows."""
    rows = [(tr, sect.tag == "thead") for sect in _kids(table, "thead", "tbody", "tr")
            for tr in ([sect] if sect.tag == "tr" else _kids(sect, "tr"))]
    taken, cells = set(), []
    for r, (tr, _) in enumerate(rows):
        c = 0
        for td in _kids(tr, "td", "th"):
            while (r, c) in taken:
                c += 1
            rs, cs = int(td.attrs.get("rowspan") or 1), int(td.attrs.get("colspan") or 1)
            cells.append({"r": r, "c": c, "rs": rs, "cs": cs, "text": text_of(td), "cls": td.cls})
            taken.update((r + i, c + j) for i in range(rs) for j in range(cs))
            c += cs
    return {"cells": cells, "nrows": max([r for r, _ in taken], default=-1) + 1,
            "ncols": max([c for _, c in taken], default=-1) + 1, "head": sum(h for _, h in rows)}


def blocks(root: Node) -> list:
    """Lines and tables in document order: ("line", tag, classes, text | [parts]) or
    ("table", grid)."""
    out = []

    def walk(n):
        for c in _kids(n):
            if c.tag == "table":
                out.append(("table", table_grid(c)))
            elif c.tag in ("h1", "h2", "h3", "p"):
                spans = _kids(c, "span") if "split" in c.cls else []
                out.append(("line", c.tag, c.cls, [text_of(x) for x in spans]
                            if len(spans) >= 2 else text_of(c)))
            else:
                walk(c)
    walk(root)
    return out


NOTE = re.compile(r"^(注|说明|备注|填表|填报人|制表|联系|审核|负责人|单位负责人|经办|财务负责人)")


def sheets(bl: list) -> list:
    """One sheet per table: the lines before it, the table, the lines after it (a note
    right after a table stays with it; other lines lead the next table)."""
    out, lead = [], []
    for b in bl:
        if b[0] == "table":
            out.append([lead, b[1], []])
            lead = []
        elif out and not lead and (not isinstance(b[3], str) or NOTE.match(b[3])) and b[1] == "p":
            out[-1][2].append(b)
        else:
            lead.append(b)
    if out:
        out[-1][2] += lead
    return out


def text_em(s: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in s)


def n_lines(text: str, width_pt: float, size: float) -> int:
    avail = max(size, width_pt - CELL_PAD_PT) * 0.95
    return max(1, sum(max(1, math.ceil(text_em(seg) * size / avail)) for seg in text.split("\n")))


def column_widths(g: dict, size: float, target: float) -> list:
    """Widths (pt) from the texts: the longest line of the single-column cells (capped),
    then spanning cells widen their columns; columns over the target width narrow."""
    n = g["ncols"]
    w = [2 * size + CELL_PAD_PT] * n
    floor = list(w)
    for cell in g["cells"]:
        if cell["cs"] == 1 and "vertical" not in cell["cls"]:
            lines = cell["text"].split("\n")
            need = max(text_em(s) for s in lines) * size + CELL_PAD_PT
            word = max([text_em(t) for t in re.findall(r"[!-~]+", cell["text"])] + [0]) * size
            floor[cell["c"]] = max(floor[cell["c"]], word + CELL_PAD_PT)
            w[cell["c"]] = max(w[cell["c"]], min(need, 18 * size))
    w = [max(a, b) for a, b in zip(w, floor)]
    for cell in sorted(g["cells"], key=lambda x: x["cs"]):
        if cell["cs"] > 1:
            cols = range(cell["c"], cell["c"] + cell["cs"])
            need = min(max(text_em(s) for s in cell["text"].split("\n")) * size + CELL_PAD_PT,
                       12 * size * cell["cs"])
            have = sum(w[c] for c in cols)
            if need > have:
                for c in cols:
                    w[c] += (need - have) * w[c] / have
    while sum(w) > target:
        i = max(range(n), key=lambda c: w[c] - floor[c])
        if w[i] - floor[i] < 1:
            break
        w[i] = max(floor[i], w[i] - max(1.0, 0.05 * w[i]))
    return w


def _line_row(ws, b, row: int, widths: list, st: dict) -> None:
    """A title or text line as one merged row without borders (a split line as two)."""
    from openpyxl.styles import Alignment, Font
    _, tag, cls, text = b
    n, size = len(widths), st["body_pt"]
    fsize = st["title_pt"] if tag == "h1" else size + 2 if tag in ("h2", "h3") else size
    align = ("center" if tag in ("h1", "h2") or "center" in cls else
             "right" if "right" in cls else "left")
    if isinstance(text, list) and n > 1:
        half = (n + 1) // 2
        spans = [(1, half, "left", text[0]), (half + 1, n, "right", " ".join(text[1:]))]
    else:
        spans = [(1, n, align, " ".join(text) if isinstance(text, list) else text)]
    height = 0
    for c0, c1, al, t in spans:
        cell = _text_cell(ws, row, c0, t)
        cell.font = Font(name=st["font"], size=fsize, bold=tag != "p")
        cell.alignment = Alignment(horizontal=al, vertical="center", wrap_text=True)
        if c1 > c0:
            ws.merge_cells(start_row=row, start_column=c0, end_row=row, end_column=c1)
        height = max(height, n_lines(t, sum(widths[c0 - 1:c1]), fsize) * LINE * fsize + 4)
    ws.row_dimensions[row].height = round(height + (6 if tag == "h1" else 0), 1)


def _text_cell(ws, row: int, col: int, text: str | None):
    """A cell holding the text as printed: "=230亩" is a target, not a formula (a
    publisher types it so, and the sheet shows it so)."""
    cell = ws.cell(row, col, text or None)
    if text and text.startswith("="):
        cell.data_type = "s"
    return cell


def _table_rows(ws, g: dict, top: int, widths: list, st: dict) -> None:
    """The table's cells (thin box on each, merged ranges) and row heights."""
    from openpyxl.styles import Alignment, Border, Font, Side
    side = Side(style="thin", color="000000")
    box = Border(left=side, right=side, top=side, bottom=side)
    size = st["body_pt"]
    bold_rows = set(range(g["head"] or 1)) if st["bold_header"] else set()
    heights = [LINE * size + 4] * g["nrows"]
    for cell in g["cells"]:
        r, c, cls = top + cell["r"], 1 + cell["c"], cell["cls"]
        x = _text_cell(ws, r, c, cell["text"])
        x.font = Font(name=st["font"], size=size, bold=cell["r"] in bold_rows)
        x.alignment = Alignment(
            horizontal="right" if "num" in cls else "center" if cls & {"center", "vertical"} else "left",
            vertical=st["valign"], wrap_text=True, text_rotation=255 if "vertical" in cls else 0)
        x.border = box
        if cell["rs"] > 1 or cell["cs"] > 1:
            ws.merge_cells(start_row=r, start_column=c, end_row=r + cell["rs"] - 1,
                           end_column=c + cell["cs"] - 1)
    for cell in sorted(g["cells"], key=lambda x: x["rs"]):  # merged rows share the need
        wpt = sum(widths[cell["c"]:cell["c"] + cell["cs"]])
        lines = (len(cell["text"].replace("\n", "")) if "vertical" in cell["cls"]
                 else n_lines(cell["text"], wpt, size))
        rows = range(cell["r"], cell["r"] + cell["rs"])
        short = lines * LINE * size + 4 - sum(heights[i] for i in rows)
        for i in rows if short > 0 else ():
            heights[i] += short / cell["rs"]
    for i, h in enumerate(heights):
        ws.row_dimensions[top + i].height = round(min(h, 409), 1)


def build_workbook(doc_id: str, bl: list, path: Path) -> None:
    """The workbook of a template: one sheet per table, with its lines."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    st = style_for(doc_id)
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.created = wb.properties.modified = datetime(2000, 1, 1)
    wb.properties.creator = wb.properties.lastModifiedBy = "corpus/office.py"
    margin = st["margin_in"] * 72
    for k, (lead, g, trail) in enumerate(sheets(bl), 1):
        ws = wb.create_sheet(f"Sheet{k}")
        natural = sum(column_widths(g, st["body_pt"], 1e9))
        landscape = natural > 1.8 * (A4[0] - 2 * margin) or g["ncols"] >= 10
        widths = column_widths(g, st["body_pt"], 1.1 * (A4[landscape] - 2 * margin))
        for c, wpt in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(c)].width = round(wpt / UNIT_PT, 2)
        for row, b in enumerate(lead, 1):
            _line_row(ws, b, row, widths, st)
        top = len(lead) + 1
        _table_rows(ws, g, top, widths, st)
        for row, b in enumerate(trail, top + g["nrows"]):
            _line_row(ws, b, row, widths, st)
        if g["head"]:
            ws.print_title_rows = f"{top}:{top + g['head'] - 1}"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        pm = ws.page_margins
        pm.left = pm.right = st["margin_in"]
        pm.top = pm.bottom = st["margin_in"] + 0.1
        pm.header = pm.footer = 0.3
        ws.print_options.horizontalCentered = st["center_h"]
    wb.save(path)
