"""corpus/score.py, the strict corpus scorer: a perfect output scores 1.0, each kind of
defect lowers the metric it should (and only that one): projects, indicators, values,
fields, document facts.  No Chromium, no pipeline run: outputs are built from truth
(tests/corpus_truth.py)."""
from __future__ import annotations

import pandas as pd
import pytest

from corpus_truth import ROOT, SELF_EVAL, TRUTH, _applicable, _mut, _score, score, truth_to_tables


def test_perfect_output_scores_one():
    for truth in (TRUTH, SELF_EVAL):
        res = _score(truth, truth_to_tables(truth))
        m = res["metrics"]
        assert res["found"]
        assert m["project_f1"] == m["indicator_f1"] == m["value_acc"] == m["field_acc"] == 1.0
        assert all(v == 1.0 for v in _applicable(m).values()), _applicable(m)
        assert all(v == 1.0 for v in m["fields"].values())
        assert not {k: v for k, v in res["details"].items() if v}, res["details"]
    m = _score(TRUTH, truth_to_tables(TRUTH))["metrics"]
    assert m["cell_f1"] == m["table_recall"] == m["kind_acc"] == 1.0
    assert m["doc_acc"] == 1.0
    m = _score(SELF_EVAL, truth_to_tables(SELF_EVAL))["metrics"]
    for k in ("actual_acc", "score_acc", "deviation_acc", "funds_acc"):
        assert m[k] == 1.0


def _corpus_truths():
    return sorted(p.stem for p in (ROOT / "corpus" / "truth").glob("*.json")) or ["<none>"]


@pytest.mark.parametrize("doc_id", _corpus_truths())
def test_perfect_output_of_every_corpus_truth_scores_one(doc_id):
    if doc_id == "<none>":
        pytest.skip("no corpus truth yet")
    truth = score.load_truth(doc_id)
    m = _score(truth, truth_to_tables(truth))["metrics"]
    assert all(v == 1.0 for v in _applicable(m).values()), _applicable(m)




def test_duplicated_project_is_a_false_positive():
    truth, t = _mut()
    p = t["projects"]
    dup = p.iloc[[0]].assign(project_id="dup-1", seq=99)
    t["projects"] = pd.concat([p, dup], ignore_index=True)
    dup_inds = t["indicators"][t["indicators"]["project_id"] == p.iloc[0]["project_id"]].assign(project_id="dup-1")
    t["indicators"] = pd.concat([t["indicators"], dup_inds], ignore_index=True)
    m = _score(truth, t)["metrics"]
    assert m["project_recall"] == 1.0 and m["project_precision"] == pytest.approx(2 / 3)
    assert m["indicator_recall"] == 1.0 and m["indicator_precision"] < 1.0
    assert m["value_acc"] == 1.0 and m["field_acc"] == 1.0


def test_repeated_indicator_pairs_in_order_and_an_extra_copy_counts():
    truth, t = _mut()
    ind = t["indicators"]
    extra = ind[ind["name"] == "整治村数"].iloc[[0]].assign(seq=50)
    t["indicators"] = pd.concat([ind, extra], ignore_index=True)
    m = _score(truth, t)["metrics"]
    assert m["indicator_recall"] == 1.0 and m["indicator_precision"] < 1.0


def test_full_width_digit_in_a_value_fails_value_only():
    truth, t = _mut()
    t["indicators"].loc[1, "annual_raw"] = "≥９5%"
    res = _score(truth, t)
    m = res["metrics"]
    assert m["indicator_f1"] == 1.0 and m["project_f1"] == 1.0
    assert m["value_acc"] == pytest.approx(1 - 1 / 12)
    assert any("U+FF19" in x for x in res["details"]["values"])


@pytest.mark.parametrize("bad", ["≥95% ", "≧95%", "≥95％"])
def test_no_normalisation_of_values(bad):
    truth, t = _mut()
    t["indicators"].loc[1, "annual_raw"] = bad
    assert _score(truth, t)["metrics"]["value_acc"] < 1.0


def test_null_and_empty_string_are_equal():
    truth, t = _mut()
    t["indicators"]["period_raw"] = t["indicators"]["period_raw"].where(
        t["indicators"]["period_raw"].notna(), "")
    t["projects"].loc[1, "unit"] = ""
    m = _score(truth, t)["metrics"]
    assert m["value_acc"] == 1.0 and m["field_acc"] == 1.0


def test_missing_indicator_lowers_recall():
    truth, t = _mut()
    t["indicators"] = t["indicators"].drop(index=2).reset_index(drop=True)
    m = _score(truth, t)["metrics"]
    assert m["indicator_precision"] == 1.0 and m["indicator_recall"] == pytest.approx(5 / 6)
    assert m["project_f1"] == 1.0 and m["value_acc"] == 1.0


def test_wrong_level2_is_a_miss_and_a_false_positive():
    truth, t = _mut()
    t["indicators"].loc[1, "level2"] = "数量指标"
    res = _score(truth, t)
    m = res["metrics"]
    assert m["indicator_precision"] == pytest.approx(5 / 6) and m["indicator_recall"] == pytest.approx(5 / 6)
    assert any("level2" in x for x in res["details"]["indicators_missing"])


def test_kangxi_radical_in_a_project_name_unmatches_the_project():
    truth, t = _mut()
    t["projects"].loc[0, "name"] = "高标准农⽥建设管护"  # ⽥ U+2F65 for 田
    res = _score(truth, t)
    m = res["metrics"]
    assert m["project_f1"] == 0.5
    assert m["indicator_recall"] == pytest.approx(2 / 6)
    assert "U+2F65" in res["details"]["projects_missing"][0]


def test_field_errors_lower_field_acc():
    truth, t = _mut()
    t["projects"].loc[0, "amount_yuan"] = 1256000.4  # within ±0.5
    assert _score(truth, t)["metrics"]["field_acc"] == 1.0
    t["projects"].loc[0, "amount_yuan"] = 1256001.0
    t["projects"].loc[1, "annual_goal"] = "完成20个村整治"  # 。 dropped
    res = _score(truth, t)
    m = res["metrics"]
    assert m["fields"]["amount_yuan"] == 0.5 and m["fields"]["annual_goal"] == 0.5
    assert m["field_acc"] == pytest.approx(1 - 2 / 26)
    assert m["project_f1"] == 1.0
    assert len(res["details"]["fields"]) == 2


def test_doc_facts_and_unscored_null_keys():
    truth, t = _mut()
    t["documents"].loc[0, "year"] = 2023
    assert _score(truth, t)["metrics"]["doc_acc"] == 0.75
    truth["year"] = None
    assert _score(truth, t)["metrics"]["doc_acc"] == 1.0


def test_document_missing_from_output():
    truth, t = _mut()
    t["documents"] = t["documents"].iloc[0:0]
    res = _score(truth, t)
    assert not res["found"]
    assert res["metrics"]["project_f1"] == 0.0 and res["metrics"]["indicator_f1"] == 0.0
    assert res["metrics"]["cell_f1"] == 0.0
