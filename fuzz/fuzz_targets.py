"""Coverage-guided fuzzing (atheris) of the loaders, the cleaner, the number grammar and the claim extractor.

Run by `make fuzz` (not by `make test`): `python fuzz/fuzz_targets.py TARGET [libFuzzer flags]`, e.g.
`python fuzz/fuzz_targets.py loaders -max_total_time=60 -timeout=10`. Anything but the documented errors is a crash;
`-timeout` bounds each input (a hang is a crash too).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from conflictnews import cleaning, loading, numbers

SUFFIXES = [".txt", ".jsonl", ".csv", ".html", ".tsv"]
WORKDIR = Path(tempfile.mkdtemp(prefix="conflictnews-fuzz-"))


def fuzz_loaders(data: bytes) -> None:
    """Any bytes, any supported suffix: load or reject, never raise."""
    if not data:
        return
    path = WORKDIR / f"input{SUFFIXES[data[0] % len(SUFFIXES)]}"
    path.write_bytes(data[1:])
    articles, rejected = loading.load_articles_and_rejected([path])
    assert len(articles) + len(rejected) >= 1 or not data[1:].strip()


def fuzz_cleaner(data: bytes) -> None:
    """Any text through the cleaner and the date helpers."""
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    cleaning.clean_body(text, title=text[:40])
    cleaning.parse_date(text[:80])
    cleaning.find_implausible_dates(text)


def fuzz_numbers(data: bytes) -> None:
    """Any text through the figure finder and parser; bounds stay ordered."""
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    for span in numbers.find_figures(text):
        fig = span.figure
        assert text[span.start:span.end] == span.text
        if fig.low is not None and fig.high is not None:
            assert fig.low <= fig.high, (text, fig)
    numbers.parse_figure(text)


_NLP = None


def fuzz_claims(data: bytes) -> None:
    """Any text through the spaCy parse and the claim extractor."""
    global _NLP
    from conflictnews.claims import claims_from_doc
    from conflictnews.nlp import get_nlp

    _NLP = _NLP or get_nlp()
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(min(len(data), 2000))
    claims_from_doc(_NLP(text), "fuzz", "text")


TARGETS = {"loaders": fuzz_loaders, "cleaner": fuzz_cleaner, "numbers": fuzz_numbers, "claims": fuzz_claims}


def main() -> None:
    """Run one target under libFuzzer with the remaining arguments."""
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: {sys.argv[0]} {{{','.join(TARGETS)}}} [libFuzzer flags]")
    target = TARGETS[sys.argv.pop(1)]
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
