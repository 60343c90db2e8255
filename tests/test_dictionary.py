"""The checked-in data dictionary is exactly what the schemas generate."""
from __future__ import annotations

import re

import pyarrow as pa

from budgetpdf.schemas import dictionary
from budgetpdf.schemas.tables import TABLES


def test_checked_in_dictionary_is_current():
    assert dictionary.PATH.read_text(encoding="utf-8") == dictionary.render(), \
        "schemas/dictionary.md is stale: run `python -m budgetpdf.schemas.dictionary`"
    assert dictionary.main(["--check"]) == 0


def test_every_column_is_documented_with_its_type():
    text = dictionary.PATH.read_text(encoding="utf-8")
    for name, schema in TABLES.items():
        section = text.split(f"## {name}\n", 1)[1].split("\n## ", 1)[0]
        rows = re.findall(r"^\| (\w+) \| ([^|]+) \| (yes|no) \| (.+) \|$", section, re.M)
        assert [r[0] for r in rows] == schema.names
        for (col, typ, null, meaning), field in zip(rows, schema):
            assert meaning.strip() and meaning == field.metadata[b"doc"].decode().replace("|", "\\|")
            assert null == ("yes" if field.nullable else "no")
            assert typ == dictionary.type_name(field.type)


def test_a_schema_change_makes_the_check_fail(monkeypatch, capsys):
    changed = dict(TABLES)
    changed["projects"] = TABLES["projects"].append(
        pa.field("new_col", pa.string(), metadata={"doc": "a column nobody documented"}))
    monkeypatch.setattr(dictionary, "TABLES", changed)
    assert "| new_col | string | yes | a column nobody documented |" in dictionary.render()
    assert dictionary.main(["--check"]) == 1
    assert "out of date" in capsys.readouterr().err
