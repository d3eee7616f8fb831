"""Server-drawn horizontal bar charts (SVG) for the reports: the geometry here, the markup in
templates/components/bar_chart.html. Each series has a fill *and* a pattern (solid, hatched), every bar has
its number written beside its label, and the same numbers stand in the table beside the chart: readable
without colour.
"""

from decimal import Decimal

from portal.hours import format_hours as hours

# Pixels, drawn at their size (the SVG has no viewBox, so nothing is scaled): each row is its label and its
# number on one line, then the bar across the whole width below them. Bars are in percent of that width, so
# the chart fits any screen and its text stays 14 px (scaled to a phone's width, the text was about 6 px).
FONT = 14
LEGEND_ROW = 22
LABEL_BASELINE = 15  # from the top of a row
BAR_TOP = 20
BAR_HEIGHT = 14
ROW_HEIGHT = 44
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
        return f"{value:.1f}{unit}"  # as the table writes a share (one decimal)
    return f"{value:,}{unit}"


def _percent(value):
    return round(value, 2)


def bar_chart(*, chart_id, title, desc, labels, series, unit="", maximum=None):
    """`series`: [(name, [value per label])]; stacked left to right. `maximum`: the axis end (e.g. 100 for %)."""
    totals = [sum(_number(values[i]) for _, values in series) for i in range(len(labels))]
    top = maximum or max(totals, default=0) or 1
    legend = []
    if len(series) > 1:
        for n, (name, _) in enumerate(series):
            legend.append({"name": name, "y": n * LEGEND_ROW + 4, "style": STYLES[min(n, len(STYLES) - 1)]})
    first_row = len(legend) * LEGEND_ROW + (6 if legend else 0)
    rows = []
    for i, label in enumerate(labels):
        y = first_row + i * ROW_HEIGHT
        x = 0.0
        segments = []
        for n, (_name, values) in enumerate(series):
            width = _number(values[i]) / top * 100
            if width > 0:
                segments.append(
                    {"x": _percent(x), "width": _percent(width), "style": STYLES[min(n, len(STYLES) - 1)]}
                )
            x += width
        shown = series[0][1][i] if len(series) == 1 else sum((values[i] or 0 for _, values in series))
        rows.append(
            {
                "label": label,
                "text_y": y + LABEL_BASELINE,
                "bar_y": y + BAR_TOP,
                "segments": segments,
                "value_text": _text(shown, unit),
            }
        )
    return {
        "id": chart_id,
        "title": title,
        "desc": desc,
        "height": first_row + len(labels) * ROW_HEIGHT,
        "font": FONT,
        "bar_height": BAR_HEIGHT,
        "rows": rows,
        "legend": legend,
    }
