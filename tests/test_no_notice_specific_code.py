"""No code path or word list exists for one notice: qa/ and ingest/ name no issuer or ticker of
the notices the project develops and measures on (the bank's, the corpus's, the examples')."""

import re
from pathlib import Path

import pytest

from ingest.metadata import extract_metadata
from ingest.normalize import normalize
from qa.evaluation.bank import ARCHIVE, load_cases, notice_texts

ROOT = Path(__file__).resolve().parents[1]
# Markets, not issuers: metadata may take "NYSE Arca" for a name, and code may name markets.
MARKETS = re.compile(r"(?i)^(?:nyse|nasdaq|tsx|otc|cboe|london stock|tokyo stock)")
CORPUS = ROOT.parent / "shared" / "corpus" / "notices"


def _notices() -> list[str]:
    texts = [
        p.read_text(encoding="utf-8", errors="replace")
        for p in (ROOT / "examples" / "notices").iterdir()
    ]
    files = {c.file for c in load_cases()}
    if not ARCHIVE.is_file():
        files = {f for f in files if (ROOT / "eval" / "bank" / "notices" / f).is_file()}
    texts += list(notice_texts(files).values())
    if CORPUS.is_dir():
        texts += [
            p.read_text(encoding="utf-8", errors="replace") for p in CORPUS.iterdir()
        ]
    return texts


def _names() -> set[str]:
    names: set[str] = set()
    for text in _notices():
        meta = extract_metadata(normalize(text))
        names |= {t for t in meta.tickers if len(t) >= 3}
        for name in (meta.issuer, *meta.aliases):
            if (
                name
                and len(name) >= 6
                and " " in name.strip()
                and not MARKETS.match(name)
            ):
                names.add(name.strip())
    return names


def test_code_names_no_issuer_or_ticker():
    names = _names()
    # enough names that the check means something: the bundled notices alone give 73, with
    # ../shared's corpus and archive over 200
    assert len(names) > (200 if CORPUS.is_dir() and ARCHIVE.is_file() else 50)
    code = {
        path: path.read_text(encoding="utf-8")
        for folder in ("qa", "ingest")
        for path in (ROOT / folder).rglob("*.py")
    }
    hits = []
    for name in names:
        flags = 0 if name.isupper() else re.IGNORECASE
        pattern = re.compile(rf"(?<![\w]){re.escape(name)}(?![\w])", flags)
        hits += [
            f"{path.relative_to(ROOT)}: {name}"
            for path, text in code.items()
            if pattern.search(text)
        ]
    assert not hits, hits


def test_the_scan_would_see_a_name():
    pattern = re.compile(r"(?<![\w])Internet Initiative Japan(?![\w])", re.IGNORECASE)
    assert "Internet Initiative Japan" in {n[:25] for n in _names()} or any(
        pattern.search(n) for n in _names()
    )


if __name__ == "__main__":
    pytest.main([__file__])
