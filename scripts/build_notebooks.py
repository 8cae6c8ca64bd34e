"""Regenerate notebooks/NN-*.ipynb from their jupytext scripts, execute them, and keep outputs clean.

Run by `make notebooks`. Outputs are kept (nbval checks them); volatile metadata is dropped, like
`nbstripout --keep-output`, so re-running on an unchanged corpus gives the same files.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

KEEP_CELL_METADATA = {"tags", "jupyter"}


def clean_metadata(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return the notebook with volatile metadata removed and the python3 kernelspec set."""
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "jupytext": {"formats": "ipynb,py:percent"},
    }
    for cell in nb.cells:
        cell.metadata = {k: v for k, v in cell.metadata.items() if k in KEEP_CELL_METADATA}
        cell.pop("id", None)
    nb.nbformat_minor = 4
    return nb


def build(script: Path) -> Path:
    """Execute one jupytext script and write its .ipynb beside it."""
    nb = jupytext.read(script)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    NotebookClient(nb, timeout=1800, kernel_name="python3", resources={"metadata": {"path": str(script.parent)}}).execute()
    target = script.with_suffix(".ipynb")
    nbformat.write(clean_metadata(nb), target)
    return target


def main(argv: list[str]) -> int:
    """Build the notebooks named on the command line, or all numbered ones."""
    scripts = [Path(a) for a in argv] or sorted(Path("notebooks").glob("[0-9][0-9]-*.py"))
    for script in scripts:
        print(f"building {script.with_suffix('.ipynb')}", flush=True)
        build(script)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
