"""Normalizers: `text` (widths, radicals, wraps, artefacts), `values` (comparators,
numbers, units, scale words, amounts) and `levels` (indicator level names)."""
