"""Read a run's output folder back as pandas DataFrames."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from budgetpdf.schemas.tables import TABLES


def read_table(out, name: str) -> pd.DataFrame:
    """OUT/<name> as a DataFrame; an empty one with the schema's columns if no file is there."""
    folder = Path(out) / name
    if folder.is_dir() and any(folder.glob("*.parquet")):
        return pd.read_parquet(folder)
    if folder.with_suffix(".parquet").is_file():  # single-file layout the contract also allows
        return pd.read_parquet(folder.with_suffix(".parquet"))
    return TABLES[name].empty_table().to_pandas()
