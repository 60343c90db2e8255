"""budgetpdf as a package: one import name, a console script, a library API that
gives the CLI's rows, one version, no import cycle."""
from __future__ import annotations

import ast
import importlib.metadata
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import budgetpdf
from budgetpdf.schemas.io import read_table
from budgetpdf.schemas.tables import TABLES

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "dg_project_tables.pdf"


def package_dirs() -> dict[str, Path]:
    """Subpackage name → folder, as pyproject.toml maps them."""
    import tomllib
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return {name: ROOT / folder for name, folder in conf["tool"]["setuptools"]["package-dir"].items()}


def module_files() -> dict[str, Path]:
    out = {}
    for pkg, folder in package_dirs().items():
        for f in folder.glob("*.py"):
            out[pkg if f.stem == "__init__" else f"{pkg}.{f.stem}"] = f
    return out


def imports_of(path: Path, module: str, known: set[str]) -> set[str]:
    """Every budgetpdf module `path` imports, function-local imports included."""
    found = set()
    package = module if path.stem == "__init__" else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            names = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        found.update(n for n in names if n in known and n != module)
    return found


def test_no_import_cycle():
    files = module_files()
    graph = {m: imports_of(f, m, set(files)) for m, f in files.items()}
    state: dict[str, int] = {}

    def visit(m: str, stack: list[str]) -> None:
        state[m] = 1
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                cycle = stack[stack.index(n):] + [m, n] if n in stack else [m, n]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if n not in state:
                visit(n, stack + [m])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [])
    assert len(graph) > 40  # the whole package was looked at


def test_no_file_over_400_lines():
    long = [f"{p.relative_to(ROOT)}: {n}" for p in module_files().values()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400]
    assert not long, long


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel `pip install .` would install, built from a copy of the tracked
    files (a build in the checkout would leave build/ behind)."""
    out = tmp_path_factory.mktemp("wheel")
    src = tmp_path_factory.mktemp("src")
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    for name in files:
        if name.endswith((".pdf", ".ipynb")) or name.startswith(("corpus/", "tests/", "samples/")):
            continue
        dest = src / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes((ROOT / name).read_bytes())
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(out), str(src)], check=True, capture_output=True)
    return next(out.glob("budgetpdf-*.whl"))


def test_wheel_installs_only_the_budgetpdf_name(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names}
    assert {t for t in top if not t.endswith(".dist-info")} == {"budgetpdf"}
    for sub in ("extract", "normalize", "schemas", "readers", "checks", "batch", "scraper", "review"):
        assert f"budgetpdf/{sub}/__init__.py" in names
    assert "budgetpdf/schemas/dictionary.md" in names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "budgetpdf = budgetpdf.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()


def test_one_version():
    assert budgetpdf.__version__ == importlib.metadata.version("budgetpdf")
    doc = budgetpdf.read_pdf(SAMPLE)
    assert doc.documents["pipeline_version"].iloc[0] == budgetpdf.__version__


def test_console_script_from_another_folder(tmp_path):
    exe = Path(sys.executable).with_name("budgetpdf")
    help_ = subprocess.run([str(exe), "--help"], cwd=tmp_path, capture_output=True, text=True)
    assert help_.returncode == 0 and "run" in help_.stdout and "scrape" in help_.stdout
    mod = subprocess.run([sys.executable, "-m", "budgetpdf", "--version"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert mod.stdout.strip() == f"budgetpdf {budgetpdf.__version__}"


def test_read_pdf_gives_the_rows_the_cli_writes(tmp_path):
    exe = Path(sys.executable).with_name("budgetpdf")
    run = subprocess.run([str(exe), "run", str(SAMPLE), "--out", str(tmp_path / "out"), "--workers", "1"],
                         cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    doc = budgetpdf.read_pdf(SAMPLE)
    assert doc.status == "ok" and len(doc.projects) > 0
    volatile = {"extracted_at", "seconds", "source"}
    for name in TABLES:
        written = read_table(tmp_path / "out", name)
        mine = doc.table(name)
        assert list(mine.columns) == [f.name for f in TABLES[name]]
        assert len(mine) == len(written), name
        keep = [c for c in mine.columns if c not in volatile]
        a = mine[keep].astype(object).where(mine[keep].notna(), None).to_dict("records")
        b = written[keep].astype(object).where(written[keep].notna(), None).to_dict("records")
        assert a == b, name


def test_library_run_writes_the_datasets(tmp_path):
    docs = budgetpdf.run([SAMPLE], tmp_path / "out", workers=1)
    assert list(docs["status"]) == ["ok"]
    assert (tmp_path / "out" / "budget_lines").is_dir()


def test_settings_are_validated_and_read_from_env_only_when_asked():
    from budgetpdf.settings import Settings
    with pytest.raises(ValueError):
        Settings(ocr="sometimes")
    s = Settings.from_env({"BUDGETPDF_OCR_DPI": "200", "BUDGETPDF_ENGINE": "pdfminer"})
    assert (s.ocr_dpi, s.engine) == (200, "pdfminer")
    assert Settings().ocr_dpi == 150
