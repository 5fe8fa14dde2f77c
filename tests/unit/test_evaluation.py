"""rasid's scorer must print the same figures as the reference scorer on the same files."""
import json
import random
import subprocess
import sys

from rasid.evaluation.scorer import format_report, score_dirs


def _perturbed_predictions(gold_dir, out_dir, seed):
    rng = random.Random(seed)
    for gf in sorted(gold_dir.glob("*.gold.json")):
        g = json.loads(gf.read_text(encoding="utf-8"))
        pred = {k: g.get(k) for k in ("lines", "title", "published", "source", "entities", "quotes", "events",
                                      "quantities", "relative_dates")}
        for field in ("entities", "quotes", "events", "quantities", "relative_dates"):
            items = list(pred.get(field) or [])
            rng.shuffle(items)
            pred[field] = items[: int(len(items) * rng.uniform(0.5, 1.0))]
        for m in pred["entities"]:
            if rng.random() < 0.2:
                m = dict(m, end=m["end"] - 1)
            m["entity_id"] = m["entity_id"] if rng.random() < 0.8 else "other"
        for ln in pred["lines"]:
            if rng.random() < 0.1:
                ln["label"] = "boilerplate"
        (out_dir / (g["doc_id"] + ".json")).write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")


def test_same_figures_as_reference_scorer(gold_dir, tmp_path):
    for seed in (1, 2):
        pred = tmp_path / f"pred{seed}"
        pred.mkdir()
        _perturbed_predictions(gold_dir, pred, seed)
        ours = format_report(score_dirs(str(gold_dir), str(pred)))
        ref = subprocess.run([sys.executable, str(gold_dir / "score.py"), "--gold", str(gold_dir), "--pred", str(pred)],
                             capture_output=True, text=True, check=True).stdout.strip()
        assert ours == ref


def test_empty_predictions_score_zero(gold_dir, tmp_path):
    report = score_dirs(str(gold_dir), str(tmp_path))
    assert report["docs"] == 5
    assert report["ner.strict_f1"] == 0.0
    assert report["quotes.f1"] == 0.0
