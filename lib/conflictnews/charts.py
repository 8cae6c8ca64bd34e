"""Charts: the Altair theme and an offline renderer (no CDN): Vega-Lite specs in, self-contained HTML out."""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache

import altair as alt

VEGALITE_MIME = "application/vnd.vegalite.v5+json"
PALETTE = ["#1f4e79", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6", "#7f7f7f", "#2c2c2c"]


def theme() -> alt.theme.ThemeConfig:
    """Return the collection's chart theme: quiet axes, one palette, readable fonts."""
    return {
        "config": {
            "view": {"continuousWidth": 560, "continuousHeight": 300, "stroke": None},
            "range": {"category": PALETTE},
            "axis": {"labelFontSize": 11, "titleFontSize": 12, "grid": False, "domainColor": "#888"},
            "legend": {"labelFontSize": 11, "titleFontSize": 12},
            "title": {"fontSize": 14, "anchor": "start"},
            "font": "Helvetica, Arial, sans-serif",
        }
    }


def offline_renderer(spec: dict, **metadata) -> dict:
    """Return a mime bundle JupyterLab renders offline; reports turn it into embedded HTML."""
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    return {VEGALITE_MIME: spec, "text/plain": f"<chart: {title or spec.get('mark', 'layered')}>"}


def enable() -> None:
    """Register and enable the theme and the offline renderer for this kernel."""
    alt.renderers.register("conflictnews", offline_renderer)
    alt.renderers.enable("conflictnews")
    alt.theme.register("conflictnews", enable=True)(theme)
    alt.data_transformers.disable_max_rows()


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """Return the Vega, Vega-Lite and vega-embed JavaScript as one script (from vl-convert, offline)."""
    import vl_convert

    version = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return vl_convert.javascript_bundle(vl_version=version)


def script_json(value: object) -> str:
    """Return JSON that is safe inside a <script> element (no '</script>' or '<!--' can close it)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def chart_placeholder(spec: dict, number: int) -> str:
    """Return the HTML for one chart in a report: a div and its spec as inert JSON."""
    return (
        f'<div class="cn-chart" id="cn-chart-{number}"></div>'
        f'<script type="application/json" class="cn-spec" data-target="cn-chart-{number}">{script_json(spec)}</script>'
    )


RENDER_ALL = """
<script>
document.querySelectorAll("script.cn-spec").forEach(function (node) {
  var spec = JSON.parse(node.textContent);
  vegaEmbed("#" + node.dataset.target, spec, {actions: false, renderer: "svg"}).catch(console.error);
});
</script>
"""

EXTERNAL_TAG = re.compile(
    r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script>|<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>",
    re.IGNORECASE,
)


def make_offline(page: str, with_charts: bool) -> str:
    """Return an HTML page with external scripts/styles removed and, if it has charts, Vega embedded once."""
    page = EXTERNAL_TAG.sub("", page)
    if with_charts:
        bundle = "<script>\n" + vega_bundle().replace("</script", "<\\/script") + "\n</script>\n"
        end = page.rfind("</body>")  # the last one: the bundle itself contains "</body>" in a string
        end = len(page) if end < 0 else end
        page = page[:end] + bundle + RENDER_ALL + page[end:]
    return page


def escape(text: object) -> str:
    """Return text escaped for HTML (article content is untrusted)."""
    return html.escape("" if text is None else str(text), quote=True)
