"""Input files for the batch tests: real samples plus bad files crafted at test time.

The makers live here so every batch test builds the same files; the tests in
this module check the crafted files really are what their names claim.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parents[1]
DEVSET_XLSX = ROOT.parent / "shared" / "devset" / "xlsx"


def sample_pdfs() -> list[Path]:
    """samples/*.pdf when the samples exist, else the devset's xlsx-style PDFs."""
    found = sorted((ROOT / "samples").glob("*.pdf"))
    return found or sorted(DEVSET_XLSX.glob("*.pdf"))


def copy_samples(dest: Path) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(p, dest / p.name)) for p in sample_pdfs()]


def text_pdf(path: Path, pages: int, label: str) -> Path:
    """A PDF with a CJK text layer and one small ruled table per page."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    for i in range(1, pages + 1):
        c.setFont("STSong-Light", 12)
        c.drawString(72, 780, f"{label} 项目绩效目标表 第{i}页 2024年")
        for r in range(3):
            y = 740 - 20 * r
            c.line(72, y, 472, y)
            c.drawString(80, y - 14, f"产出指标 数量指标 指标{r} ≥{i + r}个")
        c.line(72, 680, 472, 680)
        for x in (72, 272, 472):
            c.line(x, 740, x, 680)
        c.showPage()
    c.save()
    return path


def encrypted_pdf(src: Path, dest: Path, user: str) -> Path:
    with pikepdf.open(src) as pdf:
        pdf.save(dest, encryption=pikepdf.Encryption(user=user, owner="owner-secret", R=4))
    return dest


def bad_files(folder: Path) -> dict[str, Path]:
    """One of each kind of bad input, keyed by kind."""
    folder.mkdir(parents=True, exist_ok=True)
    good = sample_pdfs()[0]
    data = good.read_bytes()
    files = {
        "zero": folder / "zero.pdf",
        "truncated": folder / "truncated.pdf",
        "html": folder / "page.pdf",
        "garbage": folder / "garbage.pdf",
    }
    files["zero"].write_bytes(b"")
    files["truncated"].write_bytes(data[: len(data) // 3])
    files["html"].write_bytes(b"<!DOCTYPE html><html><head><title>404</title></head>"
                              b"<body>Not found</body></html>")
    files["garbage"].write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    files["enc_empty"] = encrypted_pdf(good, folder / "enc_empty.pdf", user="")
    files["enc_password"] = encrypted_pdf(good, folder / "enc_password.pdf", user="s3cret")
    files["pages300"] = text_pdf(folder / "pages300.pdf", 300, "长文档")
    return files


@pytest.fixture(scope="module")
def crafted(tmp_path_factory):
    return bad_files(tmp_path_factory.mktemp("bad"))


def test_encrypted_files_need_or_skip_the_password(crafted):
    with pdfplumber.open(crafted["enc_empty"]) as pdf:  # empty user password: opens as is
        assert len(pdf.pages) > 0 and pdf.pages[0].extract_text()
    with pytest.raises(Exception):
        pdfplumber.open(crafted["enc_password"]).pages[0].extract_text()
    with pdfplumber.open(crafted["enc_password"], password="s3cret") as pdf:
        assert len(pdf.pages) == len(pdfplumber.open(sample_pdfs()[0]).pages)


def test_long_pdf_has_300_pages_with_text(crafted):
    with pdfplumber.open(crafted["pages300"]) as pdf:
        assert len(pdf.pages) == 300
        assert "第300页" in pdf.pages[-1].extract_text()
