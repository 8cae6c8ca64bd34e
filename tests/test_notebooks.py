"""The notebooks: paired with their jupytext scripts (stale pairs fail), one skeleton, clean committed outputs."""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def sources(nb) -> list[tuple[str, str]]:
    return [(c.cell_type, c.source.strip()) for c in nb.cells]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_matches_its_script(path):
    script = path.with_suffix(".py")
    assert script.exists(), f"{path.name} has no jupytext pair {script.name}"
    assert sources(jupytext.read(script)) == sources(nbformat.read(path, as_version=4)), (
        f"{path.name} and {script.name} differ: run `make notebooks`"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_skeleton(path):
    nb = nbformat.read(path, as_version=4)
    assert re.fullmatch(r"\d\d-[a-z]+(-[a-z]+)+", path.stem)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and "CORPUS" in tagged[0].source
    assert any(c.cell_type == "markdown" and c.source.strip() == "## Findings" for c in nb.cells)
    assert any("# NBVAL_CHECK_OUTPUT" in c.source for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_outputs_are_clean(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert set(cell.metadata) <= {"tags", "jupyter"}
        for output in cell.outputs:
            assert output.output_type != "error", f"{path.name} has an error output"
            text = str(output.get("text", "")) + str(output.get("data", {}).get("text/plain", ""))
            assert "/work/" not in text and "/home/" not in text and "/tmp/" not in text
