"""The README's Python example runs as written (on a temporary store)."""

import re

from tests.conftest import REPO


def test_python_api_example_runs(tmp_path, monkeypatch, embedder, capsys):
    readme = (REPO / "README.md").read_text()
    [example] = [
        block
        for block in re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
        if "FilingQA.open" in block
    ]
    example = example.replace(
        'store=".store"', f'store="{tmp_path / "store"}", embedder=embedder'
    )
    monkeypatch.chdir(REPO)
    exec(compile(example, "README.md", "exec"), {"embedder": embedder})  # noqa: S102 - our own README
    printed = capsys.readouterr().out
    assert "Monday, August 5, 2013" in printed
    assert (
        "iij_2013-08-01_third_party_allotment" in printed or "Payment Date" in printed
    )
    assert "700,000 shares × JPY3,208 = JPY2,245,600,000" in printed
