"""The chat with a language model configured: the answer's text grows as the model's tokens arrive,
under the tool steps it took, and settles into the same messages as an offline answer. A scripted
model drives the real agent over the real sample store; no remote model is called."""

from __future__ import annotations

from itertools import pairwise

from tests.qa.scripted import PAYMENT, payment_script, with_model
from ui.chat import ChatHandlers
from ui.notices import ALL


def test_the_chat_shows_the_models_text_as_it_streams(sample_qa, monkeypatch) -> None:
    chat = ChatHandlers(with_model(sample_qa, payment_script(), monkeypatch))
    updates = list(chat.respond(PAYMENT, [], ALL, ALL))
    pending = [shown[-1]["content"] for _, shown, _ in updates[1:-1]]
    growing = [content for content in pending if "Monday" in content]
    assert len(growing) > 1
    assert all(len(a) < len(b) for a, b in pairwise(growing))
    assert all(
        content.startswith("_Steps: search\\_notices → get\\_facts → total_")
        for content in growing
    )
    _, shown, answers = updates[-1]
    [answer] = answers
    assert answer.mode == "scripted:test" and "August 5, 2013" in shown[1]["content"]
    assert [m.get("metadata", {}).get("title") for m in shown[2:]] == [
        "Sources (1)",
        "Calculations (3)",
    ]
