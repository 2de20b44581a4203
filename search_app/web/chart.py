"""A server-rendered SVG bar chart (no script, no inline style: CSP-safe).

Years are drawn as columns in time order; fields and districts as
horizontal bars, largest first. Each bar links to the filtered table.
"""
from __future__ import annotations

from markupsafe import Markup, escape


def bar_chart(items: list[dict], *, kind: str, label, href, title: str) -> Markup:
    """`items`: [{"value", "count"}]; `label(value)` -> text; `href(value)` -> URL."""
    if not items:
        return Markup("")
    if kind == "year":
        return _columns(sorted(items, key=lambda x: x["value"]), label, href, title)
    return _bars(items, label, href, title)


def _svg_open(width, height, items, label, title) -> list[str]:
    """The <svg> element's opening with its accessible title and description."""
    return [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="chart-title chart-desc" preserveAspectRatio="xMinYMin meet">',
        f'<title id="chart-title">{escape(title)}</title>',
        '<desc id="chart-desc">' + escape("; ".join(f"{label(i['value'])}: {i['count']}" for i in items))
        + "</desc>",
    ]


def _columns(items, label, href, title) -> Markup:
    n = len(items)
    top = max(i["count"] for i in items) or 1
    step = max(28, min(64, 760 // max(n, 1)))
    bar_w = int(step * 0.66)
    chart_h, pad_top, pad_bottom, pad_left = 180, 22, 28, 8
    width = pad_left * 2 + step * n
    height = pad_top + chart_h + pad_bottom
    parts = _svg_open(width, height, items, label, title) + [
        f'<line class="axis" x1="{pad_left}" y1="{pad_top + chart_h}" x2="{width - pad_left}" '
        f'y2="{pad_top + chart_h}"/>',
    ]
    for k, it in enumerate(items):
        h = max(2, round(chart_h * it["count"] / top))
        x = pad_left + k * step + (step - bar_w) // 2
        y = pad_top + chart_h - h
        cx = x + bar_w / 2
        parts.append(
            f'<a href="{escape(href(it["value"]))}" class="bar-link">'
            f'<title>{escape(label(it["value"]))}: {it["count"]}</title>'
            f'<rect class="bar" x="{x}" y="{y}" width="{bar_w}" height="{h}" rx="3"/>'
            f'<text class="count" x="{cx}" y="{y - 6}" text-anchor="middle">{it["count"]}</text>'
            f'<text class="tick" x="{cx}" y="{pad_top + chart_h + 18}" text-anchor="middle">'
            f'{escape(label(it["value"]))}</text></a>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _bars(items, label, href, title) -> Markup:
    items = items[:15]
    top = max(i["count"] for i in items) or 1
    row, label_w, bar_max, pad = 26, 290, 330, 6
    width = label_w + bar_max + 60
    height = pad * 2 + row * len(items)
    parts = _svg_open(width, height, items, label, title)
    for k, it in enumerate(items):
        y = pad + k * row
        w = max(2, round(bar_max * it["count"] / top))
        text = label(it["value"])
        if len(text) > 40:
            text = text[:39] + "…"
        parts.append(
            f'<a href="{escape(href(it["value"]))}" class="bar-link">'
            f'<title>{escape(label(it["value"]))}: {it["count"]}</title>'
            f'<text class="tick" x="{label_w - 8}" y="{y + row / 2 + 4}" text-anchor="end">{escape(text)}</text>'
            f'<rect class="bar" x="{label_w}" y="{y + 4}" width="{w}" height="{row - 8}" rx="3"/>'
            f'<text class="count" x="{label_w + w + 6}" y="{y + row / 2 + 4}">{it["count"]}</text></a>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
