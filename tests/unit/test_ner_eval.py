"""Entity-level scorer (seqeval conventions) and CoNLL reading."""
from rasid.entities.ner_eval import format_report, get_chunks, read_conll, score_sequences


def test_chunks_basic():
    tags = ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC", "O"]
    assert get_chunks(tags) == [("PER", 0, 2), ("LOC", 3, 4), ("LOC", 4, 6)]


def test_chunks_i_without_b_opens_chunk():
    # seqeval / conlleval: a stray I- starts a chunk; a type change ends one
    assert get_chunks(["O", "I-ORG", "I-ORG", "I-PER"]) == [("ORG", 1, 3), ("PER", 3, 4)]
    assert get_chunks(["I-ORG"]) == [("ORG", 0, 1)]


def test_chunks_aliases_and_end_of_sentence():
    assert get_chunks(["B-PERS", "I-PERS"]) == [("PER", 0, 2)]


def test_score_known_case():
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "I-ORG", "O"]]
    pred = [["B-PER", "I-PER", "O", "B-ORG"], ["B-ORG", "O", "O"]]
    rep = score_sequences(gold, pred)
    o = rep["overall"]
    assert (o["tp"], o["pred"], o["gold"]) == (1, 3, 3)
    assert abs(o["precision"] - 1 / 3) < 1e-9 and abs(o["f1"] - 1 / 3) < 1e-9
    assert rep["per_type"]["PER"]["f1"] == 1.0
    assert rep["per_type"]["LOC"]["recall"] == 0.0 and rep["per_type"]["LOC"]["pred"] == 0
    assert rep["per_type"]["ORG"]["precision"] == 0.0
    text = format_report(rep)
    assert "overall" in text and "PER" in text


def test_score_boundary_error_counts_twice():
    rep = score_sequences([["B-PER", "I-PER"]], [["B-PER", "O"]])
    assert rep["overall"]["tp"] == 0 and rep["overall"]["pred"] == 1 and rep["overall"]["gold"] == 1


def test_read_conll(tmp_path):
    p = tmp_path / "x.txt"
    p.write_text("فؤاد B-PERS\nمعصوم I-PERS\n\nفي O\nبغداد B-LOC\n\n", encoding="utf-8")
    sents = read_conll(p)
    assert sents == [(["فؤاد", "معصوم"], ["B-PERS", "I-PERS"]), (["في", "بغداد"], ["O", "B-LOC"])]


def test_evaluate_conll_with_shipped_model(tmp_path):
    import pytest

    from rasid.entities import ner
    from rasid.entities.ner_eval import evaluate_conll

    if not ner.MODEL_FILE.exists():
        pytest.skip("NER model not trained (make train-ner)")
    p = tmp_path / "gold.txt"
    p.write_text("وقال O\nالرئيس O\nالعراقي O\nفؤاد B-PERS\nمعصوم I-PERS\nفي O\nبغداد B-LOC\n\n", encoding="utf-8")
    rep = evaluate_conll(p)
    assert rep["gpe_merged_into_loc"] is True          # ANERcorp-style gold: GPE scored as LOC
    assert rep["per_type"]["PER"]["f1"] == 1.0
    assert rep["per_type"]["LOC"]["tp"] == 1
    assert rep["sentences"] == 1 and rep["tokens"] == 7
