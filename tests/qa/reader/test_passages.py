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
    begins_with,
    prose_sentences,
    starts,
    word_overlap,
)
from qa.reader.question import question_features

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


def test_a_passage_begins_with_an_answer_that_ends_before_its_sentence():
    assert begins_with("Current assets.", "current ASSETS")
    assert begins_with(
        "create a bitcoin treasury, and for general corporate purposes",
        "create a bitcoin treasury",
    )
    assert not begins_with("to create a bitcoin treasury", "create a bitcoin treasury")
    assert not begins_with("create a", "create a bitcoin treasury")


def test_word_overlap_is_the_f1_of_words():
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


def test_options_name_the_question_words_just_before_and_just_after_a_start():
    """A passage that begins right after the question's words ("consists of [current ...]")
    has them just before it and none in its first words; the whole sentence the reverse."""
    options = _options()
    texts = [p.text for p in options.passages]
    near_before, near_inside = (
        FEATURES.index("near_before"),
        FEATURES.index("near_inside"),
    )
    answer = texts.index("current assets less current liabilities")
    whole = texts.index(
        "Working capital consists of current assets less current liabilities"
    )
    assert options.named[answer, near_before] > 0.5
    assert options.named[answer, near_inside] == 0.0
    assert options.named[whole, near_before] == 0.0
    assert options.named[whole, near_inside] == options.named[answer, near_before]


def test_options_weigh_the_question_words_its_notice_title_does_not_write():
    """The issuer's name is in every sentence about it: a sentence that restates it is no
    closer to the question than one that answers it, and the notice retrieval ranks first is
    told from a sibling's."""
    sentences = [
        Sentence("first", 0, "Acme Corp is a maker of widgets for industrial buyers."),
        Sentence("first", 1, "The proceeds will fund a new widget plant in Ohio."),
        Sentence("sibling", 0, "The proceeds will fund a new office for the sibling."),
    ]
    options = Options.of(
        "What will Acme Corp fund with the proceeds?",
        _unit(0),
        sentences,
        np.vstack([_unit(1), _unit(2), _unit(3)]),
        {"first": frozenset({"acm", "corp"}), "sibling": frozenset({"sibl"})},
    )
    untitled, first = FEATURES.index("untitled"), FEATURES.index("first_notice")
    row = {
        p.sentence.index + 10 * (p.sentence.doc_id == "sibling"): i
        for i, p in reversed(list(enumerate(options.passages)))
    }
    assert options.named[row[1], untitled] > options.named[row[0], untitled] == 0.0
    assert options.named[row[1], first] == 1.0
    assert options.named[row[10], first] == 0.0


def test_markdown_headings_are_not_prose():
    assert (
        prose_sentences(
            "# Acme Corp Announces the Pricing of Its Public Offering Today", "d"
        )
        == []
    )


def _reader(
    names=FEATURES, threshold: float = 0.3, router_bias: float = 1.0
) -> PassageReader:
    """A hand-set reader: passages right after the question's words, in the sentence holding
    most of them, the shortest of equal ones; a router that sends every question."""
    weights = np.zeros(len(names) + HASH_DIM, dtype=np.float32)
    for name, weight in (
        ("last_match", 4.0),
        ("inside", -4.0),
        ("sentence", 4.0),
        ("passage_words", -0.3),
    ):
        if name in names:
            weights[names.index(name)] = weight
    router = np.zeros(len(question_features("q", _unit(0, 384))), dtype=np.float32)
    return PassageReader(tuple(names), weights, 0.0, threshold, router, router_bias)


def test_the_reader_states_the_best_option_above_its_threshold(tmp_path):
    reader = _reader()
    passage, probability = reader.best(_options())
    assert passage.text == "current assets less current liabilities"
    assert reader.says_answer(probability) == (probability >= 0.3)
    assert reader.asks_in_words(QUESTION, _unit(0, 384))
    assert not replace(reader, router_bias=-1.0).asks_in_words(QUESTION, _unit(0, 384))
    reader.save(tmp_path)
    loaded = PassageReader.load(tmp_path)
    assert loaded.names == FEATURES and loaded.threshold == pytest.approx(0.3)
    assert loaded.best(_options())[0] == passage
    assert loaded.asks_in_words(QUESTION, _unit(0, 384))


def test_a_set_without_a_passage_model_has_none_and_an_unknown_input_is_refused(
    tmp_path,
):
    assert PassageReader.load(tmp_path) is None
    _reader(names=("similarity", "made_up")).save(tmp_path)
    with pytest.raises(ValueError, match="made_up"):
        PassageReader.load(tmp_path)
    assert (tmp_path / FILE).exists()


def _notice(n: int) -> str:
    return (
        f"# Fictional Widget Co {n} announces results\n\n"
        f"Widget Co {n} (a fictional company) reported revenue of ${n + 10}.0 million for the "
        f"year. Working capital consists of current assets less current liabilities of unit {n}. "
        f"Net debt decreased due to lower capital expenditure at plant {n}.\n"
    )


def _cases(notices: int) -> list:
    from qa.evaluation.bank import BankCase

    def case(
        n: int, i: int, question: str, expected: str, answer_type: str
    ) -> BankCase:
        return BankCase(
            id=f"c{n}-{i}",
            file=f"widget{n}.md",
            split="train",
            question=question,
            expected=expected,
            kind="passage" if answer_type == "text" else "lookup",
            answer_type=answer_type,
            operation="lookup",
            operands=({"text": expected, "from": "notice"},),
            policy=None,
            rewordings=(),
        )

    return [
        c
        for n in range(notices)
        for c in (
            case(
                n,
                0,
                f"What does working capital of Widget Co {n} consist of?",
                f"current assets less current liabilities of unit {n}",
                "text",
            ),
            case(
                n,
                1,
                f"Why did Widget Co {n}'s net debt fall?",
                f"due to lower capital expenditure at plant {n}",
                "text",
            ),
            case(
                n,
                2,
                f"What revenue did Widget Co {n} report?",
                f"${n + 10}.0 million",
                "money",
            ),
            case(
                n,
                3,
                f"How much revenue did Widget Co {n} have for the year?",
                f"${n + 10}.0 million",
                "money",
            ),
        )
    ]


def test_fitting_passages_alone_learns_the_router_and_the_tails_and_is_reproducible(
    tmp_path, embedder
):
    from qa.api import FilingQA
    from qa.reader.train import fit_passages_only

    folder = tmp_path / "notices"
    folder.mkdir()
    for n in range(8):
        (folder / f"widget{n}.md").write_text(_notice(n), encoding="utf-8")
    qa = FilingQA.open(store=tmp_path / "store", embedder=embedder)
    assert qa.ingest([folder]).added
    figures = fit_passages_only(qa, _cases(8), tmp_path / "one")
    assert figures["passages_in_words"] == 16
    assert figures["passages_routed_in_words"] >= 12
    fit_passages_only(qa, _cases(8), tmp_path / "two")
    assert (tmp_path / "one" / FILE).read_bytes() == (
        tmp_path / "two" / FILE
    ).read_bytes()
    model = PassageReader.load(tmp_path / "one")
    vector = qa.embedder.embed_query(
        "What does working capital of Widget Co 3 consist of?"
    )
    assert model.asks_in_words(
        "What does working capital of Widget Co 3 consist of?", vector
    )
    revenue = "What revenue did Widget Co 3 report?"
    assert not model.asks_in_words(revenue, qa.embedder.embed_query(revenue))


def test_too_few_annotated_notices_fit_no_passage_model(tmp_path, embedder):
    from qa.api import FilingQA
    from qa.reader.train import fit_passages_only

    folder = tmp_path / "notices"
    folder.mkdir()
    for n in range(5):
        (folder / f"widget{n}.md").write_text(_notice(n), encoding="utf-8")
    qa = FilingQA.open(store=tmp_path / "store", embedder=embedder)
    qa.ingest([folder])
    out = tmp_path / "fit"
    out.mkdir()
    (out / FILE).write_bytes(b"an earlier fit's")
    figures_only = [
        c for c in _cases(5) if c.answer_type != "text" or c.file < "widget3"
    ]
    assert fit_passages_only(qa, figures_only, out) == {}
    assert not (out / FILE).exists()  # an earlier fit's passage model is not kept


def test_the_probability_is_the_mass_of_the_options_that_say_nearly_the_best_s_words():
    """Starts a word apart in the best option's sentence say nearly its words and hold its
    probability with it; another sentence's options, and far shorter tails of the same
    sentence, do not."""
    options = _options()
    reader = _reader()
    passage, probability = reader.best(options)
    logits = options.matrix(reader.names) @ reader.weights + reader.bias
    mass = np.exp(logits - logits.max())
    share = mass / mass.sum()
    agreeing = [
        i
        for i, p in enumerate(options.passages)
        if p.sentence == passage.sentence and word_overlap(p.text, passage.text) >= 0.5
    ]
    assert (
        len(agreeing) >= 2
    )  # "current assets less ...", "assets less current liabilities"
    assert probability == pytest.approx(float(share[agreeing].sum()))
    assert probability > float(share.max())
    others = [
        i for i, p in enumerate(options.passages) if p.sentence != passage.sentence
    ]
    assert others and probability < 1.0
