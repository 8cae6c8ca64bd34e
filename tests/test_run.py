"""Reports: charts become embedded, offline HTML; article text stays inert."""

from __future__ import annotations

import re

import altair as alt
import nbformat
import pandas as pd

from conflictnews import charts
from conflictnews.run import embed_charts, find_notebooks, notebook_to_html


def chart_notebook(n_charts: int, text: str = "plain") -> nbformat.NotebookNode:
    charts.enable()
    nb = nbformat.v4.new_notebook()
    for i in range(n_charts):
        spec = alt.Chart(pd.DataFrame({"x": [1, 2], "label": [text, "b"]}), title=f"chart {i}").mark_bar().encode(
            x="x:Q", tooltip=["label"]
        ).to_dict()
        bundle = charts.offline_renderer(spec)
        cell = nbformat.v4.new_code_cell("chart")
        cell.outputs = [nbformat.v4.new_output("execute_result", data=bundle, execution_count=1)]
        nb.cells.append(cell)
    return nb


def test_embed_charts_replaces_mime_with_placeholder():
    nb = embed_charts(chart_notebook(2))
    assert nb.metadata["conflictnews_charts"] == 2
    html_outputs = [o["data"]["text/html"] for c in nb.cells for o in c.outputs]
    assert all('class="cn-spec"' in h for h in html_outputs)


def test_report_is_offline_with_vega_embedded_once():
    page = notebook_to_html(chart_notebook(3))
    assert page.count("cn-spec") >= 3
    assert page.count(charts.vega_bundle()[:200]) == 1
    assert not re.search(r"<script[^>]+src=[\"']?(?:https?:)?//", page)
    assert not re.search(r"<link[^>]+href=[\"']?(?:https?:)?//", page)


def test_hostile_text_in_chart_data_is_inert():
    hostile = '</script><script>alert(1)</script><img src=x onerror=alert(2)>'
    page = notebook_to_html(chart_notebook(1, text=hostile))
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x onerror" not in page


def test_numbered_notebooks_found():
    names = [p.name for p in find_notebooks("notebooks")]
    assert names and names[0] == "01-load-articles.ipynb"
    assert all(re.match(r"\d\d-[a-z]+(-[a-z]+)*\.ipynb$", n) for n in names)
