"""Borderless and horizontal-rules-only tables read into the same Grids as ruled ones.

Each check renders the same content twice (fully ruled vs. hrules / no rules)
and compares the Grid inferred from text geometry with the lattice Grid.  These
are the project's own samples (smoke tests); the corpus checks are in
test_borderless_corpus.py, the stages one by one in test_borderless_stages.py.
"""
import logging
from pathlib import Path

import pdfplumber
import pytest

from budgetpdf.process import process_document
from budgetpdf.extract import borderless, ruled
from budgetpdf.extract.lines import text_lines
from budgetpdf.extract.grid import Word, build_grid
from golden import compare, load_content
from budgetpdf.normalize.text import clean

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT.parent / "shared" / "devset"
SAMPLES = ROOT / "samples"


def rows_of(grid):
    """Non-empty cell texts per row (a span's text once, at its top-left)."""
    return [[clean(t) for t in row if t] for row in grid.matrix()]


def page_pairs(ruled_pdf: Path, other_pdf: Path):
    """(lattice grids of the ruled page, borderless grids of the other page) per page."""
    with pdfplumber.open(ruled_pdf) as pr, pdfplumber.open(other_pdf) as po:
        assert len(pr.pages) == len(po.pages)
        carry = borderless.Carry()  # continuation pages keep the columns of the page before
        for n, (a, b) in enumerate(zip(pr.pages, po.pages), 1):
            words = ruled.page_words(b)
            inferred, carry = borderless.page_grids(words, borderless.page_rules(b), [], n, carry)
            yield n, ruled.find_grids(a, ruled.page_words(a), n), inferred


def assert_same_tables(ruled_pdf: Path, other_pdf: Path, strategy: str):
    for n, lattice, inferred in page_pairs(ruled_pdf, other_pdf):
        assert lattice, f"page {n}: the ruled rendering has no table"
        assert len(inferred) == len(lattice), f"page {n}"
        for a, b in zip(lattice, inferred):
            assert b.strategy == strategy
            assert b.n_cols == a.n_cols, f"page {n}"
            assert rows_of(b) == rows_of(a), f"page {n}"


def need(*paths: Path):
    for p in paths:
        if not p.exists():
            pytest.skip(f"{p} not available")


def test_open_devset_matches_ruled_rendering():
    """gz_sfj_2023: horizontal rules only vs. the fully ruled xlsx export, all 9 pages
    (continuation pages have no header row and no top rule)."""
    open_pdf, xlsx_pdf = DEVSET / "open" / "gz_sfj_2023.pdf", DEVSET / "xlsx" / "gz_sfj_2023.pdf"
    need(open_pdf, xlsx_pdf)
    assert_same_tables(xlsx_pdf, open_pdf, "hrules")


@pytest.mark.parametrize("variant,strategy", [("hrules", "hrules"), ("norules", "stream")])
def test_project_list_variants_match_ruled(variant, strategy):
    original, other = SAMPLES / "gz_project_list.pdf", SAMPLES / "variants" / f"gz_project_list.{variant}.pdf"
    need(original, other)
    assert_same_tables(original, other, strategy)


def levels(grid):
    """(一级, 二级, 三级) per indicator row, labels carried down as readers do."""
    header = next((r for r in range(grid.n_rows)
                   if any(c.text == "三级指标" for c in grid.row(r))), None)
    if header is None:
        return []
    col = {c.text: c.col for c in grid.row(header)}
    out, carry = [], {}
    for r in range(header + 1, grid.n_rows):
        got = []
        for name in ("一级指标", "二级指标", "三级指标"):
            cell = grid.at(r, col[name])
            text = cell.text if cell is not None and cell.col == col[name] else ""
            if text:
                carry[name] = text
            got.append(carry.get(name, "") if name != "三级指标" else text)
        if got[2]:
            out.append(tuple(got))
    return out


@pytest.mark.parametrize("variant", ["hrules", "norules"])
def test_merged_labels_reach_every_indicator_row(variant):
    """Labels of merged 一级/二级 cells, printed once in the middle of their block,
    give every indicator row the same levels as the ruled rendering."""
    original, other = SAMPLES / "dk_project_tables.pdf", SAMPLES / "variants" / f"dk_project_tables.{variant}.pdf"
    need(original, other)
    checked = 0
    for n, lattice, inferred in page_pairs(original, other):
        want = [x for g in lattice for x in levels(g)]
        got = [x for g in inferred for x in levels(g)]
        assert got == want, f"page {n}"
        checked += len(want)
    assert checked > 10


def test_furniture_and_titles_are_not_rows():
    """Page numbers, the unit line and a large title never become table rows."""
    def word_line(text, x, top, size=9.0):
        return [Word(ch, x + i * size, top, x + (i + 1) * size, top + size) for i, ch in enumerate(text)]
    words = word_line("项目绩效目标表", 200, 20, size=16)
    words += word_line("单位：万元", 450, 50)
    for k, (a, b) in enumerate([("项目名称", "金额"), ("甲项目", "1.00"), ("乙项目", "2.00")]):
        words += word_line(a, 50, 80 + 20 * k) + word_line(b, 300, 80 + 20 * k)
    words += word_line("第1页", 250, 400)
    grids = borderless.grids_from(words, [], 1)
    assert len(grids) == 1
    assert rows_of(grids[0]) == [["项目名称", "金额"], ["甲项目", "1.00"], ["乙项目", "2.00"]]
    assert grids[0].strategy == "stream"
    assert len(text_lines(words)) == 6


def test_wrapped_cell_lines_join_and_rows_stay_apart():
    """Lines spaced tighter than rows are one cell; a value centred beside a
    two-line name stays in that name's row."""
    def run(text, x, top, size=9.0):
        return [Word(ch, x + i * size, top, x + (i + 1) * size, top + size) for i, ch in enumerate(text)]
    words = run("名称", 50, 80) + run("金额", 300, 80)
    words += run("一村法律顾问公", 50, 110) + run("益服务经费", 50, 122) + run("2.00", 300, 116)
    words += run("乙项目", 50, 150) + run("3.00", 300, 150)
    grid = borderless.grids_from(words, [], 1)[0]
    assert rows_of(grid) == [["名称", "金额"], ["一村法律顾问公益服务经费", "2.00"], ["乙项目", "3.00"]]


VARIANTS = sorted((SAMPLES / "variants").glob("*rules.pdf"))


@pytest.mark.parametrize("pdf", VARIANTS, ids=lambda p: p.name)
def test_variant_reads_like_its_content_file(pdf):
    """Every sample rendered with horizontal rules only or with no rules gives
    the projects and indicators of its hand-checked content file, like the
    fully ruled original does."""
    logging.disable(logging.WARNING)
    try:
        result = process_document(pdf)
    finally:
        logging.disable(logging.NOTSET)
    assert compare(result, load_content(pdf.name.split(".")[0])) == []


def test_variants_cover_every_family():
    assert {p.name.split(".")[0] for p in VARIANTS} >= {
        "dg_project_tables", "dk_project_tables", "gz_project_list", "th_project_list", "wnd_dept_overall"}


def dk_page_one():
    """Words, rules and lattice grids of the ruled dk sample's first page (two tables)."""
    path = SAMPLES / "dk_project_tables.pdf"
    need(path)
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        words = ruled.page_words(page)
        return words, borderless.page_rules(page), ruled.find_grids(page, words, 1)


def test_ruled_and_unruled_tables_on_one_page():
    """The second table of the page without its rules: the lattice grid of the
    first table is kept and the second is read from text geometry, cell for cell."""
    words, rules, (first, second) = dk_page_one()
    top, bottom = second.bbox[1], second.bbox[3]
    unruled = [r for r in rules if not top - 1 <= r.y <= bottom + 1]
    grids = borderless.merge_with_ruled([first], words, unruled, 1)
    assert [g.strategy for g in grids] == ["lattice", "stream"]
    assert grids[0] is first
    assert grids[1].n_cols == second.n_cols and rows_of(grids[1]) == rows_of(second)


def test_narrow_ruled_box_gives_way_to_the_columns_of_its_text():
    """A ruled "table" of two columns (a frame with one inner line) around text
    laid out in six columns is replaced by the borderless grid of that text."""
    words, rules, (first, second) = dk_page_one()
    x0, top, x1, bottom = second.bbox
    mid = (x0 + x1) / 2
    inside = [w for w in words if top <= w.yc <= bottom]
    frame = build_grid([(x0, top, mid, bottom), (mid, top, x1, bottom)], inside, 1, "lattice")
    unruled = [r for r in rules if not top + 1 < r.y < bottom - 1]
    grids = borderless.merge_with_ruled([first, frame], words, unruled, 1)
    assert frame not in grids and len(grids) == 2
    assert grids[1].n_cols == second.n_cols and rows_of(grids[1]) == rows_of(second)


@pytest.mark.parametrize("name", ["dk_project_tables", "wnd_dept_overall", "gz_project_list"])
def test_fully_ruled_pages_get_no_extra_grids(name):
    """Titles, units and notes around ruled tables are not taken for tables."""
    path = SAMPLES / f"{name}.pdf"
    need(path)
    with pdfplumber.open(path) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            words = ruled.page_words(page)
            lattice = ruled.find_grids(page, words, n)
            assert borderless.with_ruled(page, words, n, lattice) == lattice, f"page {n}"


def _two_column_grid(rows: list[tuple[str, str]]):
    boxes, words = [], []
    for i, (a, b) in enumerate(rows):
        top, bottom = 10.0 + 20 * i, 30.0 + 20 * i
        boxes += [(0.0, top, 300.0, bottom), (300.0, top, 400.0, bottom)]
        words += [Word(a, 5.0, top + 5, 5.0 + 10 * len(a), top + 15)] if a else []
        words += [Word(b, 305.0, top + 5, 305.0 + 10 * len(b), top + 15)] if b else []
    return build_grid(boxes, words, 1, "stream")


def test_paragraphs_cut_into_pieces_are_prose_not_a_table():
    """Justified prose (or an OCR's uneven spacing) can give a region pieces in two
    places; a grid of long single-cell lines of sentences is prose."""
    prose = _two_column_grid([("根据预算绩效管理要求，本局2023年实行绩效目标管理的项目5个，", ""),
                              ("1.项目概述：委托具有相应资质的第三方机构，对县直部门重点", ""),
                              ("项目开展绩效评价和事前绩效评估，并对评价结果进行复核。", "全部"),
                              ("2.立项依据：《中共中央国务院关于全面实施预算绩效管理的意见》。", ""),
                              ("3.实施主体：鱼台县财政局。实施周期：2023年1月-12月。", "")])
    table = _two_column_grid([("一般公共服务支出", "1,748.52"), ("社会保障和就业支出", "279.78"),
                              ("卫生健康支出", "86.22"), ("住房保障支出", "139.92"), ("合计", "2,254.44")])
    assert borderless.is_prose(prose) and not borderless.is_prose(table)
