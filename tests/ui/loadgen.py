"""Load generator for ``test_ui_load``: run as its own process, so its client threads do not
compete for the interpreter lock with the server they measure.

Usage: python loadgen.py URL SESSIONS QUESTIONS_PER_SESSION  → one JSON object on stdout.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from gradio_client import Client

# Facts stated in the notices themselves (examples/FACTS.md), not derived figures.
QUESTIONS = [
    ("What is IIJ's payment date?", "Monday, August 5, 2013"),
    (
        "How many shares does Harbor Robotics offer in its underwritten public offering?",
        "8,000,000",
    ),
    ("When is Meadowlark's private placement expected to close?", "September 21, 2020"),
    (
        "What is the exercise price of the warrants in Meadowlark Therapeutics' PIPE?",
        "$3.60",
    ),
]


def connect(url: str) -> Client:
    return Client(url, verbose=False, analytics_enabled=False, download_files=False)


def ask(client: Client, question: str, expected: str) -> dict:
    """One timed question, and whether the answer holds the expected figure."""
    start = time.perf_counter()
    try:
        markdown = client.predict(question, api_name="/ask")
        error = None
    except Exception as failure:  # noqa: BLE001 - counted and reported, never hidden
        markdown, error = "", f"{type(failure).__name__}: {failure}"
    return {
        "s": time.perf_counter() - start,
        "ok": expected in markdown,
        "error": error,
        "q": question,
    }


def run(url: str, sessions: int, per_session: int) -> dict:
    """One session alone (after a warm-up), then ``sessions`` sessions started together."""
    solo_client = connect(url)
    ask(solo_client, *QUESTIONS[0])
    solo = [ask(solo_client, q, e) for _ in range(3) for q, e in QUESTIONS]

    clients = [connect(url) for _ in range(sessions)]
    barrier = threading.Barrier(sessions)

    def session(index: int) -> list[dict]:
        barrier.wait(timeout=30)
        chosen = [QUESTIONS[(index + k) % len(QUESTIONS)] for k in range(per_session)]
        return [ask(clients[index], q, e) for q, e in chosen]

    wall = time.perf_counter()
    with ThreadPoolExecutor(sessions) as pool:
        together = [
            r
            for results in pool.map(session, range(sessions), timeout=90)
            for r in results
        ]
    wall = time.perf_counter() - wall
    for client in [solo_client, *clients]:
        client.close()
    return {"solo": solo, "together": together, "wall_s": wall}


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))))
