"""The README's examples are true: the Python example runs as written, the answer shown is real."""

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
    # the value alone on its line: the question restricted to one notice
    assert "\nMonday, August 5, 2013\n" in printed
    assert "iij_2013-08-01_third_party_allotment" in printed
    assert "700,000 shares × JPY3,208 = JPY2,245,600,000" in printed


def test_the_answer_shown_is_what_filingqa_ask_prints(sample_qa):
    """The README's ``filingqa ask`` block is the CLI's plain-text rendering of the real answer."""
    from qa.render import to_text

    readme = (REPO / "README.md").read_text()
    [block] = [
        block
        for block in re.findall(r"```text\n(.*?)```", readme, re.DOTALL)
        if block.startswith("$ filingqa ask ")
    ]
    command, shown = block.split("\n", 1)
    question = re.fullmatch(r'\$ filingqa ask "(.+)"', command).group(1)
    assert shown == to_text(sample_qa.ask(question)) + "\n"
