"""Which model sets read a notice: the table set for a notice most of whose figures are table
cells, the bank's for prose notices such as most bundled samples, and both for a table among
prose."""

from qa.reader.candidates import find_candidates
from qa.reader.experts import TABLES_DIR, TABULAR_SHARE, ModelSet, tabular_share

# A notice's text as ingest stores it: table rows tab-separated.
TABLE = """\
Segment results ($ million)

\t2019\t2018
Revenue\t1,020\t990
Net income\t120\t95

Revenue rose by 3% in 2019.
"""


def test_the_share_counts_figures_in_cells_against_all_figures():
    candidates = find_candidates(TABLE)
    figures = [c for c in candidates if c.kind in ("money", "number", "percentage")]
    in_cells = [c for c in figures if c.header]
    assert len(in_cells) == 4 and len(figures) == 5
    assert tabular_share(candidates) == 0.8


def test_prose_and_nothing_have_no_share():
    assert tabular_share(find_candidates("The payment date is March 3, 2026.")) == 0.0
    assert tabular_share([]) == 0.0


def test_prose_is_read_by_the_bank_models_and_a_table_among_prose_by_both(sample_qa):
    """The bundled samples are prose but one, the rights offering with its results table
    (fewer than half of its figures in cells): the bank's set and the table set both read it,
    the bank's first."""
    reader = sample_qa._offline
    assert reader.tables is not None and reader.tables.folder == TABLES_DIR
    read_by = {
        doc_id: reader.experts([doc_id]) for doc_id in sample_qa.catalog.manifest
    }
    mixed = {
        doc_id
        for doc_id in read_by
        if 0 < tabular_share(reader.notice(doc_id).candidates) <= TABULAR_SHARE
    }
    assert len(mixed) == 1 and len(read_by) > 1
    for doc_id, sets in read_by.items():
        both = [reader.models, reader.tables]
        assert sets == (both if doc_id in mixed else [reader.models]), doc_id


def test_the_committed_table_models_load(sample_qa):
    models = ModelSet(TABLES_DIR)
    assert "lookup" in models.questions.operation_model.classes
    assert 0.0 < models.decider.threshold < 1.0
    assert models.grounder.ranker.num_trees() > 0
