"""Server-drawn horizontal bar charts (SVG) for the reports: the geometry here, the markup in
templates/components/bar_chart.html. Each series has a fill *and* a pattern (solid, hatched), every bar ends in
its number, and the same numbers stand in the table beside the chart: readable without colour.
"""

from decimal import Decimal

from portal.hours import format_hours as hours

WIDTH = 640
LABEL_WIDTH = 180
VALUE_WIDTH = 70
ROW_HEIGHT = 26
BAR_HEIGHT = 16
TOP = 34  # room for the legend
# (fill of the template's <pattern> or colour, legend name); series 2+ reuse the last style
STYLES = ["solid", "hatch"]


def _number(value):
    if value is None:
        return 0.0
    return float(value)


def _text(value, unit):
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{hours(value)}{unit}"
    if isinstance(value, float):
        return f"{value:g}{unit}"
    return f"{value:,}{unit}"


def bar_chart(*, chart_id, title, desc, labels, series, unit="", maximum=None):
    """`series`: [(name, [value per label])]; stacked left to right. `maximum`: the axis end (e.g. 100 for %)."""
    totals = [sum(_number(values[i]) for _, values in series) for i in range(len(labels))]
    top = maximum or max(totals, default=0) or 1
    scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / top
    rows = []
    for i, label in enumerate(labels):
        y = TOP + i * ROW_HEIGHT
        x = LABEL_WIDTH
        segments = []
        for n, (_name, values) in enumerate(series):
            width = _number(values[i]) * scale
            if width > 0:
                segments.append(
                    {"x": round(x, 1), "width": round(width, 1), "style": STYLES[min(n, len(STYLES) - 1)]}
                )
            x += width
        shown = series[0][1][i] if len(series) == 1 else sum((values[i] or 0 for _, values in series))
        rows.append(
            {
                "label": label,
                "y": y,
                "text_y": y + BAR_HEIGHT - 3,
                "segments": segments,
                "value_text": _text(shown, unit),
                "value_x": round(x + 6, 1),
            }
        )
    legend = []
    if len(series) > 1:
        for n, (name, _) in enumerate(series):
            legend.append(
                {"name": name, "x": LABEL_WIDTH + n * 170, "style": STYLES[min(n, len(STYLES) - 1)]}
            )
    return {
        "id": chart_id,
        "title": title,
        "desc": desc,
        "width": WIDTH,
        "height": TOP + len(labels) * ROW_HEIGHT + 8,
        "label_x": LABEL_WIDTH - 8,
        "bar_height": BAR_HEIGHT,
        "axis_x": LABEL_WIDTH,
        "axis_bottom": TOP + len(labels) * ROW_HEIGHT,
        "rows": rows,
        "legend": legend,
    }
