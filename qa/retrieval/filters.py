"""Which notices a question may draw on: issuer, ticker, notice type, date range, explicit ids."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ingest.records import ManifestEntry


@dataclass(frozen=True)
class Filters:
    """Restrictions on the notices searched; empty fields restrict nothing."""

    issuer: str | None = None
    ticker: str | None = None
    type: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    doc_ids: tuple[str, ...] | None = None

    @classmethod
    def of(cls, value: Filters | dict[str, Any] | None) -> Filters:
        """Accept a ``Filters``, a plain dict (dates as ISO strings allowed) or None."""
        if value is None:
            return cls()
        if isinstance(value, Filters):
            return value
        fields = dict(value)
        for key in ("date_from", "date_to"):
            if isinstance(fields.get(key), str):
                fields[key] = date.fromisoformat(fields[key])
        if fields.get("doc_ids") is not None:
            fields["doc_ids"] = tuple(fields["doc_ids"])
        return cls(**fields)

    @property
    def empty(self) -> bool:
        return self == Filters()

    def describe(self) -> str:
        """The filters set, in words for a person ("issuer “X”, type “dividend”")."""
        said = [
            f"{what} “{value}”"
            for what, value in (
                ("issuer", self.issuer),
                ("ticker", self.ticker),
                ("type", self.type),
                ("from", self.date_from),
                ("to", self.date_to),
            )
            if value
        ]
        if self.doc_ids is not None:
            chosen = len(self.doc_ids)
            said.append(f"{chosen} chosen notice{'' if chosen == 1 else 's'}")
        return ", ".join(said)

    def matches(self, entry: ManifestEntry) -> bool:
        """Whether a notice passes every filter set (text filters ignore case)."""
        if self.doc_ids is not None and entry.doc_id not in self.doc_ids:
            return False
        if (
            self.issuer
            and self.issuer.casefold() not in (entry.issuer or "").casefold()
        ):
            return False
        if self.ticker and not any(
            self.ticker.casefold() in t.casefold() for t in entry.tickers
        ):
            return False
        if self.type and self.type.casefold() != entry.type.casefold():
            return False
        if self.date_from and (entry.date is None or entry.date < self.date_from):
            return False
        return not (self.date_to and (entry.date is None or entry.date > self.date_to))
