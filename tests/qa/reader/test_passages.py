"""Passages: a sentence's tail that answers a question in words, and the model that picks it."""

from dataclasses import replace

import numpy as np
import pytest

from qa.reader.passages import (
    FEATURES,
    FILE,
    HASH_DIM,
    Options,
    Passage,
    PassageReader,
    Sentence,
    prose_sentences,
    same_words,
    starts,
    word_overlap,
)
from qa.reader.train_passages import PassageExample, fit_passages

NOTICE = (
    "# Annual report excerpt 1\n"
    "Revenue\t2019\t2018\n"
    "Total revenue\t1,934\t1,908\n"
    "Liquidity\n"
    "Working capital consists of current assets less current liabilities. "
    "Net debt decreased due to lower capital expenditure.\n"
)
QUESTION = "What does working capital consist of?"


def _unit(seed: int, size: int = 8) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=size).astype(np.float32)
    return v / np.linalg.norm(v)


def test_prose_sentences_leave_out_table_rows_and_headings():
    sentences = prose_sentences(NOTICE, "d1")
    assert [s.text for s in sentences] == [
        "Working capital consists of current assets less current liabilities.",
        "Net debt decreased due to lower capital expenditure.",
    ]
    assert [(s.doc_id, s.index) for s in sentences] == [("d1", 0), ("d1", 1)]


def test_a_passage_starts_at_any_word_and_drops_the_full_stop():
    sentence = Sentence("d1", 0, "Net debt fell sharply.")
    assert starts(sentence.text) == [0, 4, 9, 14]
    assert [Passage(sentence, s).text for s in starts(sentence.text)] == [
        "Net debt fell sharply",
        "debt fell sharply",
        "fell sharply",
        "sharply",
    ]


def test_word_overlap_is_the_f1_of_words():
    assert same_words("Current assets.", "current ASSETS")
    assert word_overlap("current assets", "current assets") == 1.0
    assert word_overlap(
        "current assets less liabilities", "current assets"
    ) == pytest.approx(2 * 0.5 * 1.0 / 1.5)
    assert word_overlap("goodwill", "current assets") == 0.0


def _options(question: str = QUESTION) -> Options:
    sentences = prose_sentences(NOTICE, "d1")
    return Options.of(question, _unit(0), sentences, np.vstack([_unit(1), _unit(2)]))


def test_options_name_the_question_words_right_before_a_passage():
    options = _options()
    texts = [p.text for p in options.passages]
    column = FEATURES.index("last_match")
    answer = texts.index("current assets less current liabilities")
    # "consists of" ends right before it: the last question word is the word before, "of" aside
    assert options.named[answer, column] == 1.0
    assert options.named[texts.index("less current liabilities"), column] < 1.0
    assert (
        options.named[
            texts.index("Net debt decreased due to lower capital expenditure"), column
        ]
        == 0.0
    )
    assert options.hashed.shape == (len(texts), HASH_DIM)


def test_the_reader_states_the_best_option_above_its_threshold(tmp_path):
    weights = np.zeros(len(FEATURES) + HASH_DIM, dtype=np.float32)
    weights[FEATURES.index("last_match")] = 4.0
    weights[FEATURES.index("inside")] = -4.0
    weights[FEATURES.index("sentence")] = 4.0
    weights[FEATURES.index("passage_words")] = -0.3  # the shortest of equal ones
    reader = PassageReader(FEATURES, weights, 0.0, 0.3)
    passage, probability = reader.best(_options())
    assert passage.text == "current assets less current liabilities"
    assert reader.says_answer(probability) == (probability >= 0.3)
    reader.save(tmp_path)
    loaded = PassageReader.load(tmp_path)
    assert loaded.names == FEATURES and loaded.threshold == pytest.approx(0.3)
    assert loaded.best(_options())[0] == passage


def test_a_set_without_a_passage_model_has_none_and_an_unknown_input_is_refused(
    tmp_path,
):
    assert PassageReader.load(tmp_path) is None
    reader = PassageReader(("similarity", "made_up"), np.zeros(2 + HASH_DIM), 0.0, 0.5)
    reader.save(tmp_path)
    with pytest.raises(ValueError, match="made_up"):
        PassageReader.load(tmp_path)
    assert (tmp_path / FILE).exists()


def _examples(notices: int) -> list[PassageExample]:
    """One question per notice whose answer is the tail after "consists of"."""
    from qa.evaluation.bank import BankCase

    out = []
    for n in range(notices):
        options = _options()
        expected = "current assets less current liabilities"
        y = np.array(
            [same_words(p.text, expected) for p in options.passages], dtype=np.int64
        )
        case = BankCase(
            id=f"c{n}",
            file=f"n{n}.md",
            split="train",
            question=QUESTION,
            expected=expected,
            kind="free_text",
            answer_type="text",
            operation="lookup",
            operands=(),
            policy=None,
            rewordings=(),
        )
        out.append(PassageExample(case, options, y, routed=True))
    return out


def test_fitting_learns_the_annotated_tail_and_is_reproducible():
    exs = _examples(8)
    model, figures = fit_passages(exs, folds=4, seed=0)
    again, _ = fit_passages(_examples(8), folds=4, seed=0)
    assert (
        np.array_equal(model.weights, again.weights)
        and model.threshold == again.threshold
    )
    assert (
        model.best(exs[0].options)[0].text == "current assets less current liabilities"
    )
    assert figures["passages_asked"] == 8
    assert (
        figures["passages_right_out_of_fold"] + figures["passages_wrong_out_of_fold"]
        <= 8
    )


def test_too_few_annotated_notices_fit_no_passage_model():
    exs = _examples(3)
    assert fit_passages(exs, folds=4, seed=0) == (None, {})
    untaught = [replace(ex, y=np.zeros_like(ex.y)) for ex in _examples(8)]
    assert fit_passages(untaught, folds=4, seed=0) == (None, {})
