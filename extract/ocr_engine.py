"""The PP-OCRv4 recognizer (rapidocr_onnxruntime's model file), run directly.

One ONNX Runtime session per process, pinned to one thread: a batch worker
owns one core.  Measured on one core, the recognizer's cost is linear in the
width of its input and batching does not make it cheaper (a batch of 4 costs
more per line than 4 single runs: the padded tensors leave the cache), so
lines are run one at a time, each at its own width, with no padding to the
320-pixel training width.

Input height: the model's own 48 pixels.  Its cost is quadratic in the
height (a line keeps its aspect ratio), and 32 or 40 pixels would be half or
two thirds of it, but both lose characters on the corpus scans (narrow Latin
digits get under two time steps each: "264,163.68" reads "24.").
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from budgetpdf.extract import ocr_words

HEIGHT = 48
STRIDE = 8  # input pixels per output time step


@dataclass
class Reading:
    text: str
    score: float            # mean probability of the characters read
    steps: list[float]      # x of each character's time step, in crop pixels
    probs: list[float]      # probability of each character
    alts: list[list[tuple[str, float]]] = field(default_factory=list)  # unsure ones' other readings


def model_path(name: str) -> Path:
    import rapidocr_onnxruntime
    return Path(rapidocr_onnxruntime.__file__).parent / "models" / name


class Recognizer:
    """CTC line recognizer: gray crop → text, score and character positions."""

    def __init__(self, path: Path | None = None):
        import onnxruntime as ort
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.log_severity_level = 4
        self.session = ort.InferenceSession(str(path or model_path("ch_PP-OCRv4_rec_infer.onnx")),
                                            opts, providers=["CPUExecutionProvider"])
        self.input = self.session.get_inputs()[0].name
        chars = self.session.get_modelmeta().custom_metadata_map["character"].splitlines()
        self.chars = ["", *chars, " "]  # CTC blank first, space last (as PaddleOCR)

    def tensor(self, crop: np.ndarray, height: int = HEIGHT) -> tuple[np.ndarray, float]:
        """The crop as the model's input (1, 3, height, w) and its scale."""
        h, w = crop.shape[:2]
        scale = height / max(h, 1)
        width = max(int(math.ceil(w * scale)), STRIDE * 2)
        img = cv2.resize(crop, (width, height), interpolation=cv2.INTER_LINEAR)
        x = img.astype(np.float32) * (2 / 255.0) - 1.0
        return np.ascontiguousarray(np.broadcast_to(x, (1, 3, height, width))), width / max(w, 1)

    def __call__(self, crops: list[np.ndarray]) -> list[Reading]:
        out = []
        for crop in crops:
            x, sx = self.tensor(crop)
            preds = self.session.run(None, {self.input: x})[0][0]
            out.append(self.decode(preds, sx))
        return out

    def decode(self, preds: np.ndarray, sx: float) -> Reading:
        idx = preds.argmax(axis=1)
        prob = preds[np.arange(len(idx)), idx]
        keep = idx != 0
        keep[1:] &= idx[1:] != idx[:-1]
        pos = np.nonzero(keep)[0]
        text = "".join(self.chars[i] for i in idx[pos])
        probs = [float(p) for p in prob[pos]]
        steps = [float((t + 0.5) * STRIDE / sx) for t in pos]
        alts = [ocr_words.alternatives(preds[t], self.chars) for t in pos]
        return Reading(text, float(np.mean(probs)) if probs else 0.0, steps, probs, alts)


@lru_cache(maxsize=1)
def recognizer() -> Recognizer:
    """One per process (models load once per worker)."""
    cv2.setNumThreads(1)
    return Recognizer()
