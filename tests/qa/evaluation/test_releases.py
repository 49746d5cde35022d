"""An answer cited from another release of the question's issuer is right; from another issuer's
notice, or a notice without an issuer, it is not."""

from ingest.records import ManifestEntry
from qa.answer import Answer, Citation
from qa.evaluation.judge import Case, judge
from qa.evaluation.releases import Releases, issuer_key


def _entry(doc_id: str, issuer: str | None, tickers: tuple[str, ...] = ()):
    return ManifestEntry(
        doc_id,
        f"/notices/{doc_id}.md",
        doc_id,
        issuer,
        tickers,
        None,
        "other",
        3,
        "c",
        "f",
    )


RELEASES = Releases.of(
    [
        _entry("seanergy-q2", "Seanergy Maritime Holdings Corp.", ("NASDAQ:SHIP",)),
        _entry("seanergy-q1", "SEANERGY  Maritime Holdings Corp", ("NASDAQ:SHIP",)),
        _entry("roundup", "Luminar", ("NASDAQ:LAZR", "NASDAQ:SHIP")),
        _entry("untitled-a", None),
        _entry("untitled-b", None),
    ]
)


def _answer(doc_id: str) -> Answer:
    cited = (Citation(doc_id, f"/notices/{doc_id}.md", "Stamatis Tsantanis, CEO"),)
    return Answer("q", "Stamatis Tsantanis", cited, value="Stamatis Tsantanis")


def test_issuers_are_compared_as_written_case_spacing_and_final_stop_aside():
    assert issuer_key("Seanergy Maritime  Holdings Corp.") == issuer_key(
        "seanergy maritime holdings corp"
    )
    assert issuer_key(None) == ""


def test_a_value_cited_from_a_sibling_release_passes_and_from_another_issuer_does_not():
    case = Case("Who is Seanergy's CEO?", "Stamatis Tsantanis", "seanergy-q2")
    assert judge(case, _answer("seanergy-q1"), RELEASES).passed
    # the case may name its notice by file name or stem, as eval files do
    by_file = Case(case.question, case.expected, "seanergy-q2.md")
    assert judge(by_file, _answer("seanergy-q1"), RELEASES).passed
    # a roundup that lists the issuer's ticker among others is another issuer's notice
    assert judge(case, _answer("roundup"), RELEASES).why == "seanergy-q2 not cited"
    # without the releases the judge asks for the case's own notice, as before
    assert not judge(case, _answer("seanergy-q1")).passed


def test_notices_without_an_issuer_are_no_releases_of_one_another():
    case = Case("q", "Stamatis Tsantanis", "untitled-a")
    assert not RELEASES.same_issuer("untitled-a", "untitled-b")
    assert not judge(case, _answer("untitled-b"), RELEASES).passed
    assert judge(case, _answer("untitled-a"), RELEASES).passed
    assert not RELEASES.same_issuer("not-stored", "untitled-a")
