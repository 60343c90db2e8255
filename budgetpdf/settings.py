"""One settings object, passed down from the command line or the library call.

Nothing reads the environment at import time: a `Settings` is built once (by the
CLI from its flags, by `Settings.from_env()` where environment variables are
wanted) and handed to `process_document`, which gives the parts what they need.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace

OCR_MODES = ("auto", "off", "force")
ENGINES = ("pdfium", "pdfminer")


@dataclass(frozen=True)
class Settings:
    """How documents are read.

    ocr:        auto (scanned pages only), off (never), force (every page).
    engine:     pdfium reads text pages through PDFium (fast); pdfminer reads
                every page through pdfplumber/pdfminer (slower, the reference).
    ocr_dpi:    resolution scanned pages are rasterised at for OCR.
    seconds:    wall-time limit per document in a batch or scrape (None: none).
    memory_mb:  resident-memory limit per document in a batch or scrape (None: none).
    """
    ocr: str = "auto"
    engine: str = "pdfium"
    ocr_dpi: int = 150
    seconds: float | None = 600.0
    memory_mb: int | None = 3072

    def __post_init__(self):
        if self.ocr not in OCR_MODES:
            raise ValueError(f"ocr must be one of {', '.join(OCR_MODES)}, not {self.ocr!r}")
        if self.engine not in ENGINES:
            raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {self.engine!r}")
        if self.ocr_dpi < 50:
            raise ValueError(f"ocr_dpi must be at least 50, not {self.ocr_dpi}")

    def but(self, **changes) -> "Settings":
        """A copy with some fields changed (None values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def from_env(cls, environ=None) -> "Settings":
        """Defaults overridden by BUDGETPDF_<FIELD> variables (BUDGETPDF_OCR_DPI=200)."""
        env = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = env.get(f"BUDGETPDF_{f.name.upper()}")
            if raw is None:
                continue
            kind = f.type if isinstance(f.type, str) else f.type.__name__
            values[f.name] = (int(raw) if kind.startswith("int") else
                              float(raw) if kind.startswith("float") else raw)
        return cls(**values)
