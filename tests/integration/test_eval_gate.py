"""The evaluation gate: rasid's extractors on the gold seeds must stay at or above eval/minimums.toml.

`make eval` prints every figure; this test makes CI fail when one drops below its minimum.
"""
from pathlib import Path

from rasid.api import annotate_files, check_minimums
from rasid.evaluation.scorer import score_dirs

MINIMUMS = Path(__file__).resolve().parents[2] / "eval" / "minimums.toml"


def test_seed_scores_meet_minimums(seeds_dir, gold_dir, tmp_path):
    annotate_files(sorted(seeds_dir.glob("*.txt")), tmp_path)
    report = score_dirs(str(gold_dir), str(tmp_path))
    failures = check_minimums(report, MINIMUMS)
    assert not failures, "\n".join(failures)


def test_plover_dev_scores_meet_minimums():
    import tomllib

    import pytest

    from rasid.events.plover_eval import evaluate_dir

    folder = MINIMUMS.parents[2] / "shared" / "data" / "petrarch_arabic" / "events_dev"
    if not folder.exists():
        pytest.skip(f"{folder} is not here (tests read ../shared beside the repository)")
    floor = tomllib.loads(MINIMUMS.read_text(encoding="utf-8"))["plover"]
    overall = evaluate_dir(folder)["spans"]["ALL"]
    assert overall["correct_share"] >= floor["correct_share"], overall
    assert overall["false_pos_share"] <= floor["false_pos_share_max"], overall
