"""Warm the forkserver that forks the per-document children.

Imported only as a forkserver preload (batch.limits.PRELOAD).  The first
document a process reads pays one-off costs: pdfminer loads its Chinese CMaps
and Unicode maps from disk, the readers compile their patterns.  Paid here once,
every child forked afterwards inherits the warm state instead of paying it per
document.  The warm-up document is a one-page ruled table built in memory.
"""
from __future__ import annotations

import gc
import logging
import os
import tempfile

CMAPS = ("UniGB-UCS2-H", "UniGB-UTF16-H", "GBK-EUC-H", "GB-EUC-H", "GBpc-EUC-H")
TABLES = [  # (column x edges, rows): a project block, then its indicators
    ((72, 220, 520), [("项目名称", "示例项目"), ("主管部门", "示例局"), ("年度目标", "完成任务")]),
    ((72, 150, 240, 400, 520), [("一级指标", "二级指标", "三级指标", "指标值"),
                                ("产出指标", "数量指标", "完成数量", "≥95%"),
                                ("满意度指标", "服务对象满意度指标", "满意度", "≥90%")]),
]


def _hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _table(edges, rows, top: float) -> list[str]:
    ops = []
    for i, row in enumerate(rows):
        for x, text in zip(edges, row):
            ops.append(f"BT /F1 9 Tf {x + 4} {top - 24 * i - 16} Td <{_hex(text)}> Tj ET")
    bottom = top - 24 * len(rows)
    ops += [f"{edges[0]} {top - 24 * i} m {edges[-1]} {top - 24 * i} l S" for i in range(len(rows) + 1)]
    ops += [f"{x} {top} m {x} {bottom} l S" for x in edges]
    return ops


def sample_pdf() -> bytes:
    """A one-page PDF of ruled tables in STSong-Light (UniGB-UCS2-H), built by hand."""
    ops, top = ["0.5 w"], 780
    for edges, rows in TABLES:
        ops += _table(edges, rows, top)
        top -= 24 * len(rows) + 20
    stream = "\n".join(ops).encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
            b"/DescendantFonts [6 0 R] >>",
            b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> "
            b"/FontDescriptor 7 0 R >>",
            b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
            b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
            b"/CapHeight 880 /StemV 93 >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def warm() -> None:
    from pdfminer.cmapdb import CMapDB
    for name in CMAPS:
        CMapDB.get_cmap(name)
    CMapDB.get_unicode_map("Adobe-GB1", False)
    from budgetpdf.process import process_document
    from budgetpdf.settings import Settings
    fd, path = tempfile.mkstemp(suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(sample_pdf())
        process_document(path, settings=Settings(ocr="off"))
    finally:
        os.unlink(path)
    gc.collect()
    gc.freeze()  # children then leave these objects' pages shared instead of copying them


try:
    warm()
except Exception as e:  # a warm-up problem must never stop the batch
    logging.getLogger(__name__).debug("warm-up failed: %s", e)
