"""The monitor's bar chart of means: its geometry, computed so the template only places it."""

from ..models.monitor import MAX_SCORE, MIN_SCORE

# Narrow, so the text stays readable when a phone shrinks the chart; 105 units per point.
CHART_WIDTH = 480
CHART_PLOT_LEFT = 12
CHART_PLOT_RIGHT = 432
CHART_TOP = 4
CHART_ROW_HEIGHT = 52
CHART_BAR_OFFSET = 26
CHART_BAR_HEIGHT = 18
CHART_AXIS_HEIGHT = 28


def _coordinate(value):
    """An SVG coordinate as text, so the template never localises its decimal point."""
    return f"{value:.1f}".removesuffix(".0")


def _score_x(score):
    span = CHART_PLOT_RIGHT - CHART_PLOT_LEFT
    return CHART_PLOT_LEFT + (float(score) - MIN_SCORE) / (MAX_SCORE - MIN_SCORE) * span


def bar_chart(rows, *, title, respondents=None):
    """The geometry of a horizontal bar chart of means on the scale of 1 to 5.

    `rows` are (block, mean or None). Everything is computed here so the template only places
    it: coordinates are strings, means stay numbers for the template to format.
    """
    bars = []
    for index, (block, mean) in enumerate(rows):
        top = CHART_TOP + index * CHART_ROW_HEIGHT
        bar_y = top + CHART_BAR_OFFSET
        end = _score_x(mean) if mean is not None else CHART_PLOT_LEFT
        bars.append(
            {
                "block": block,
                "mean": mean,
                "label_y": _coordinate(top + 18),
                "bar_y": _coordinate(bar_y),
                "track_y": _coordinate(bar_y - 3),
                "track_end": _coordinate(bar_y + CHART_BAR_HEIGHT + 3),
                "width": _coordinate(end - CHART_PLOT_LEFT),
                "value_x": _coordinate(end + 8),
                "value_y": _coordinate(bar_y + CHART_BAR_HEIGHT - 4),
            }
        )
    plot_bottom = CHART_TOP + len(rows) * CHART_ROW_HEIGHT
    gridlines = [
        {"score": score, "x": _coordinate(_score_x(score))}
        for score in range(MIN_SCORE, MAX_SCORE + 1)
    ]
    return {
        "title": title,
        "respondents": respondents,
        "bars": bars,
        "gridlines": gridlines,
        "width": CHART_WIDTH,
        "height": plot_bottom + CHART_AXIS_HEIGHT,
        "plot_left": CHART_PLOT_LEFT,
        "plot_width": CHART_PLOT_RIGHT - CHART_PLOT_LEFT,
        "bar_height": CHART_BAR_HEIGHT,
        "track_height": CHART_BAR_HEIGHT + 6,
        "axis_top": plot_bottom,
        "axis_end": plot_bottom + 5,
        "axis_y": plot_bottom + 21,
    }
