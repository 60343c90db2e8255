"""Render the bundled sample PDFs from samples/content/*.json.

    python samples/generate.py                      # regenerate every sample and variant (deterministic)
    python samples/generate.py --rules none --out /tmp/x dg_project_tables
    python samples/generate.py --scan --out /tmp/x wnd_dept_overall

Other code renders modified content with `render(content, path, rules="all", **options)`.
"""
from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

if __package__ in (None, ""):                      # run as a script: make `samples` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import img2pdf
import numpy as np
from PIL import Image

from samples.families import BUILDERS
from samples.layout import Layout, draw

HERE = Path(__file__).resolve().parent
CONTENT = HERE / "content"
VARIANTS = HERE / "variants"
SCANNED = ("dg_project_tables", "wnd_dept_overall")
RULES = ("all", "horizontal", "none")

FAMILY_OPTS = {
    "project_tables": {"budget_label": "{year}年预算金额(元)", "goal_label": "{year}年度目标",
                       "annual_header": "年度指标值", "project_heading": "项目绩效目标表"},
    "dept_overall": {},
    "project_list": {},
}
# Template details the truth format does not carry (they are not data): fixed 二级指标 slots
# printed as empty rows, which tables repeat their indicator header after a page break, footers.
SAMPLE_OPTS = {
    "dg_project_tables": {
        "repeat_header": ["基层司法工作经费"], "footer": "第 {n} 页",
        "dept_slots": {"成本指标": ["经济成本指标", "社会成本指标", "生态环境成本指标"],
                       "效益指标": ["经济效益", "社会效益", "生态效益"]}},
    "dk_project_tables": {
        "budget_label": "{year}年预算金额（元）", "annual_header": "当年度指标值",
        "slots": {"效益指标": ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"]}},
    "wnd_dept_overall": {
        "approver": "东莞市财政局望牛墩分局",
        "footer_rows": [("申报单位需要说明的其他情况", ""),
                        ("镇财政分局批复意见", "根据预算管理的有关规定，绩效目标由预算单位申报，作为预算审核安排、"
                         "绩效运行监控、绩效自评、重点绩效评价的重要依据之一。请你单位将本项目的绩效目标按有关规定公开，"
                         "并以绩效目标为导向，加强项目管理，及时采集相关数据，做好绩效监控，努力提高财政资金使用效果，"
                         "确保绩效目标的实现。")]},
    "gz_project_list": {"footer": "第{n}页，共{total}页"},
    "th_project_list": {},
}


def options(content: dict, **overrides) -> dict:
    opts = dict(FAMILY_OPTS.get(content["family"], {}))
    opts.update(SAMPLE_OPTS.get(content.get("doc"), {}))
    opts.update(overrides)
    return opts


def render(content: dict, path, rules: str = "all", **overrides) -> Path:
    """Render one truth-format dict to a text PDF. overrides: layout options, e.g.
    total_raw="9,999.99" (a project list's 合计 that does not add up), repeat_header=[...]."""
    if rules not in RULES:
        raise ValueError(f"rules must be one of {RULES}")
    opts = options(content, **overrides)
    pagesize, blocks = BUILDERS[content["family"]](content, opts)
    pages = Layout(pagesize).flow(blocks)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    draw(pages, pagesize, path, rules=rules, footer=opts.get("footer"))
    return path


def scan(pdf, path, seed: int, dpi: int = 150, quality: int = 60) -> Path:
    """Image-only 'scan' of a PDF: gray raster, small skew, speckle noise, JPEG, img2pdf."""
    rng = np.random.default_rng(seed)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), f"{tmp}/p"], check=True)
        pages = [_degrade(Image.open(p).convert("L"), rng, dpi, quality) for p in sorted(Path(tmp).glob("p-*.png"))]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(img2pdf.convert(pages, nodate=True, engine=img2pdf.Engine.internal))
    return path


def _degrade(img: Image.Image, rng, dpi, quality) -> bytes:
    angle = float(rng.uniform(0.3, 1.0) * rng.choice([-1, 1]))
    img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    a = np.asarray(img, dtype=np.float32)
    a = a * 0.92 + 8 + rng.normal(0, 3.0, a.shape)              # grey paper, faint sensor noise
    dots = rng.random(a.shape) < 0.0004                            # dust specks
    a[dots] = rng.uniform(40, 160, int(dots.sum()))
    out = io.BytesIO()
    Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).save(out, "JPEG", quality=quality, dpi=(dpi, dpi))
    return out.getvalue()


def load(name: str) -> dict:
    return json.loads((CONTENT / f"{name}.json").read_text(encoding="utf-8"))


def names() -> list[str]:
    return sorted(p.stem for p in CONTENT.glob("*.json"))


def generate_all(root: Path = HERE) -> list[Path]:
    """Every sample fully ruled in root/, plus hrules/norules/scan variants in root/variants/."""
    out = []
    for name in names():
        content = load(name)
        out.append(render(content, root / f"{name}.pdf"))
        out.append(render(content, root / "variants" / f"{name}.hrules.pdf", rules="horizontal"))
        out.append(render(content, root / "variants" / f"{name}.norules.pdf", rules="none"))
        if name in SCANNED:
            out.append(scan(root / f"{name}.pdf", root / "variants" / f"{name}.scan.pdf", seed=zlib.crc32(name.encode())))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("names", nargs="*", help="sample names (default: all)")
    ap.add_argument("--rules", choices=RULES, help="render only this ruling style")
    ap.add_argument("--scan", action="store_true", help="render only the scanned (image-only) variant")
    ap.add_argument("--out", type=Path, help="output folder (default: samples/)")
    a = ap.parse_args(argv)
    if not a.rules and not a.scan and not a.names:
        for p in generate_all(a.out or HERE):
            print(p)
        return
    out = a.out or HERE
    for name in a.names or names():
        content = load(name)
        pdf = render(content, out / f"{name}.{a.rules or 'all'}.pdf", rules=a.rules or "all")
        if a.scan:
            pdf = scan(pdf, out / f"{name}.scan.pdf", seed=zlib.crc32(name.encode()))
        print(pdf)


if __name__ == "__main__":
    main()
