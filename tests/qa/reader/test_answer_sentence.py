"""The stated value opens the answer as a sentence of its own, closed by one full stop."""

from qa.reader.reader import as_sentence


def test_a_value_that_ends_with_its_own_full_stop_gets_no_second_one():
    assert as_sentence("Native Ads Inc.") == "Native Ads Inc."
    assert as_sentence("U.S.") == "U.S."
    assert as_sentence("$5.00") == "$5.00."
    assert as_sentence("Dominari Securities LLC") == "Dominari Securities LLC."
