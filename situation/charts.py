"""Charts drawn on the server as SVG: no JavaScript, no library, and readable without colour.

    chart = line_chart(
        [Series("Mellbystrand", [("2023", 61), ("2024", 64.5)]), Series("Veinge", ...)],
        title="Känner sig trygga på kvällen", unit="%", series_name="Område",
    )
    {% include "situation/_chart.html" with chart=chart %}

Each series has a colour of its own (every one at least 4.5:1 against white, so lines,
markers and legend read as text would), and a marker shape and dash pattern (bars: a fill
pattern) of its own, so colour is never the only cue. The SVG is an image with a title and
a description; the same values stand in a table beside it (`Chart.table`), which is what a
screen reader reads. Sizes are in the viewBox, so the chart scales with its container;
presentation attributes, not CSS, so it looks the same in a PDF (WeasyPrint). Every text in
it is escaped. A missing value (None) leaves a gap in the line and an empty cell ("saknas")
in the table.
"""

import math
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

Number = int | float | Decimal


@dataclass(frozen=True)
class Series:
    """One line (or one bar per x) of a chart: its label and its (x label, value) points,
    a value None where it is missing."""

    label: str
    points: Sequence[tuple[str, Number | None]]


@dataclass(frozen=True)
class Table:
    """The chart's data as a table: one row per series (its label first), one column per
    x label; `headers` are the column headings, the first naming the series."""

    caption: str
    headers: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Chart:
    id: str  # unique on the page; the SVG's title and desc ids derive from it
    title: str
    unit: str
    description: str
    svg: SafeString
    table: Table

    @property
    def wide(self) -> bool:
        """Whether the table has too many columns to stand beside the chart."""
        return len(self.table.headers) > 5


@dataclass(frozen=True)
class _Style:
    colour: str
    dash: str  # stroke-dasharray of the line; "" is solid
    marker: str
    pattern: str  # fill of a bar


# Colours at 4.5:1 or more against white, neighbours far apart in hue; each with a shape,
# a dash pattern and a bar fill of its own.
_STYLES = [
    _Style("#0b4f8a", "", "circle", "solid"),
    _Style("#b35900", "9 4", "square", "diagonal"),
    _Style("#1e6b34", "2 3", "triangle", "dots"),
    _Style("#9c1c6b", "12 4 3 4", "diamond", "crosshatch"),
    _Style("#6a3d9a", "5 5", "triangle-down", "horizontal"),
    _Style("#00676b", "16 4", "plus", "vertical"),
    _Style("#a4161a", "3 3 9 3", "cross", "back-diagonal"),
    _Style("#4a4f57", "1 4", "ring", "grid"),
]
STYLE_COUNT = len(_STYLES)

INK = "#1b1b1f"  # text and axes: 16:1 against white
MUTED = "#4a4f57"  # tick labels: 8:1
GRID = "#d5d9df"  # decorative grid lines, not information
FONT = "Liberation Sans, DejaVu Sans, Arial, sans-serif"

WIDTH = 640
PLOT_HEIGHT = 220
RIGHT = 16
X_LABELS = 30  # room under the plot for the x labels
LEGEND_ROW = 24
CHAR = 7.0  # a generous average width of a 12–13 unit character


def _style(index: int) -> _Style:
    base = _STYLES[index % STYLE_COUNT]
    if index < STYLE_COUNT:
        return base
    # Past the palette: the same colours again, with other shapes.
    marker = _STYLES[(index + index // STYLE_COUNT) % STYLE_COUNT].marker
    return _Style(base.colour, base.dash, marker, base.pattern)


# --- numbers --------------------------------------------------------------------------


def _decimal(value: Number) -> Decimal:
    try:
        result = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc
    if not result.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return result


def format_number(value: Number, places: int | None = None) -> str:
    """The value as the reader's language writes it ("62,5" in Swedish); with at most two
    decimals, and none that are zero, unless `places` says how many."""
    number = _decimal(value)
    if places is None:
        number = number.quantize(Decimal("0.01"))
        places = next(p for p in (0, 1, 2) if number == round(number, p))
    return number_format(round(number, places), decimal_pos=places)


def _decimals_of(step: float) -> int:
    for places in range(4):
        if abs(round(step, places) - step) < 1e-9:
            return places
    return 4


def _nice_step(raw: float) -> float:
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude * (1 + 1e-9):
            return factor * magnitude
    return 10 * magnitude


def _scale(values: list[float], y_range: tuple[Number, Number] | None):
    """(low, high, ticks): a range from zero or below to the largest value or above, on
    round steps."""
    low, high = min([0.0, *values]), max([0.0, *values])
    if y_range is not None:
        low, high = min(low, float(y_range[0])), max(high, float(y_range[1]))
    if high == low:  # all zero: whole steps up from it
        high = low + 5
    step = _nice_step((high - low) / 5)
    low = math.floor(low / step + 1e-9) * step
    high = math.ceil(high / step - 1e-9) * step
    count = round((high - low) / step)
    ticks = [round(low + i * step, 10) + 0.0 for i in range(count + 1)]  # no "-0"
    return low, high, ticks, _decimals_of(step)


# --- drawing --------------------------------------------------------------------------


def _n(value: float) -> str:
    """A coordinate: one decimal at most, never localised."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    fill = f'fill="{colour}"'
    if shape == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4.5" {fill}/>'
    if shape == "ring":
        return (
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4" fill="#ffffff" '
            f'stroke="{colour}" stroke-width="2.5"/>'
        )
    if shape == "square":
        return f'<rect x="{_n(x - 4)}" y="{_n(y - 4)}" width="8" height="8" {fill}/>'
    offsets = {
        "triangle": [(0, -6), (5.5, 4), (-5.5, 4)],
        "triangle-down": [(0, 6), (5.5, -4), (-5.5, -4)],
        "diamond": [(0, -6), (6, 0), (0, 6), (-6, 0)],
        "plus": [
            (-1.75, -6),
            (1.75, -6),
            (1.75, -1.75),
            (6, -1.75),
            (6, 1.75),
            (1.75, 1.75),
            (1.75, 6),
            (-1.75, 6),
            (-1.75, 1.75),
            (-6, 1.75),
            (-6, -1.75),
            (-1.75, -1.75),
        ],  # fmt: skip
        "cross": [
            (-4.5, -6),
            (0, -1.5),
            (4.5, -6),
            (6, -4.5),
            (1.5, 0),
            (6, 4.5),
            (4.5, 6),
            (0, 1.5),
            (-4.5, 6),
            (-6, 4.5),
            (-1.5, 0),
            (-6, -4.5),
        ],  # fmt: skip
    }[shape]
    points = " ".join(f"{_n(x + dx)},{_n(y + dy)}" for dx, dy in offsets)
    return f'<polygon points="{points}" {fill}/>'


def _pattern(chart_id: str, index: int, style: _Style) -> str:
    """A <pattern> for a bar's fill: colour marks on white (none for a solid fill)."""
    if style.pattern == "solid":
        return ""
    marks = {
        "diagonal": '<path d="M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6" stroke-width="2"/>',
        "back-diagonal": '<path d="M-2,6 L2,10 M0,0 L8,8 M6,-2 L10,2" stroke-width="2"/>',
        "horizontal": '<path d="M0,2 H8 M0,6 H8" stroke-width="2"/>',
        "vertical": '<path d="M2,0 V8 M6,0 V8" stroke-width="2"/>',
        "crosshatch": '<path d="M0,8 L8,0 M0,0 L8,8" stroke-width="1.5"/>',
        "grid": '<path d="M0,4 H8 M4,0 V8" stroke-width="2"/>',
        "dots": '<circle cx="2" cy="2" r="1.6" stroke="none"/><circle cx="6" cy="6" r="1.6" '
        'stroke="none"/>',
    }[style.pattern]
    return (
        f'<pattern id="{chart_id}-fill-{index}" width="8" height="8" '
        f'patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#ffffff"/>'
        f'<g stroke="{style.colour}" fill="{style.colour}">{marks}</g></pattern>'
    )


def _bar_fill(chart_id: str, index: int, style: _Style) -> str:
    return style.colour if style.pattern == "solid" else f"url(#{chart_id}-fill-{index})"


def _text(x: float, y: float, content: str, *, anchor: str = "start", **attrs) -> str:
    more = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attrs.items())
    return f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}"{more}>{escape(content)}</text>'


def _truncate(label: str, room: float) -> str:
    most = max(4, int(room / CHAR))
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def _x_labels(series: Iterable[Series]) -> list[str]:
    """Every x label of every series, in the order they first appear."""
    seen: dict[str, None] = {}
    for one in series:
        for x, _value in one.points:
            seen.setdefault(str(x), None)
    return list(seen)


def _values(one: Series) -> dict[str, float | None]:
    return {str(x): None if v is None else float(_decimal(v)) for x, v in one.points}


def _span(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else f"{labels[0]}–{labels[-1]}"


def _table(series, labels, *, title, unit, series_name) -> Table:
    missing = _("saknas")
    rows = []
    for one in series:
        values = dict((str(x), v) for x, v in one.points)
        rows.append(
            [
                one.label,
                *(missing if values.get(x) is None else format_number(values[x]) for x in labels),
            ]
        )
    caption = f"{title} ({unit})" if unit else title
    return Table(caption=caption, headers=[series_name or _("Serie"), *labels], rows=rows)


class _Canvas:
    """The frame both kinds of chart share: scale, grid, axes, x labels and legend."""

    def __init__(self, series, labels, *, unit, y_range):
        self.series, self.labels, self.unit = series, labels, unit
        self.values = [_values(one) for one in series]
        present = [v for values in self.values for v in values.values() if v is not None]
        self.low, self.high, self.ticks, self.places = _scale(present, y_range)
        self.tick_texts = [format_number(t, self.places) for t in self.ticks]
        widest = max(len(t) for t in self.tick_texts)
        self.left = max(44.0, 16 + CHAR * widest)
        self.top = 30.0 if unit else 14.0
        self.plot_width = WIDTH - self.left - RIGHT
        self.band = self.plot_width / max(1, len(labels))
        legend_room = (WIDTH - 16) / 2 - 44
        longest = max((len(one.label) for one in series), default=0)
        self.legend_columns = 2 if len(series) > 1 and longest * CHAR <= legend_room else 1
        rows = math.ceil(len(series) / self.legend_columns)
        self.legend_top = self.top + PLOT_HEIGHT + X_LABELS + 8
        self.height = self.legend_top + rows * LEGEND_ROW + 6

    def x(self, index: int) -> float:
        return self.left + self.band * (index + 0.5)

    def y(self, value: float) -> float:
        return self.top + PLOT_HEIGHT * (self.high - value) / (self.high - self.low)

    def frame(self) -> list[str]:
        parts = ['<g class="chart__grid">']
        for tick, label in zip(self.ticks, self.tick_texts, strict=True):
            y = self.y(tick)
            colour, width = (INK, "1.5") if tick == 0 else (GRID, "1")
            parts.append(
                f'<line x1="{_n(self.left)}" y1="{_n(y)}" x2="{_n(WIDTH - RIGHT)}" '
                f'y2="{_n(y)}" stroke="{colour}" stroke-width="{width}"/>'
            )
            parts.append(_text(self.left - 8, y + 4, label, anchor="end", fill=MUTED))
        parts.append("</g>")
        if self.unit:
            parts.append(_text(self.left - 8, self.top - 12, self.unit, anchor="end", fill=MUTED))
        # The x labels: every one that has room, the others only in the table.
        step = max(1, math.ceil((max(map(len, self.labels), default=1) * CHAR + 8) / self.band))
        baseline = self.top + PLOT_HEIGHT + 20
        parts.append('<g class="chart__x">')
        for index, label in enumerate(self.labels):
            if index % step == 0:
                parts.append(_text(self.x(index), baseline, label, anchor="middle", fill=INK))
        parts.append("</g>")
        return parts

    def legend(self, sample) -> list[str]:
        """One entry per series: `sample(index, style, x, y)` draws its key."""
        parts = ['<g class="chart__legend">']
        column_width = (WIDTH - 16) / self.legend_columns
        for index, one in enumerate(self.series):
            row, column = divmod(index, self.legend_columns)
            x = 8 + column * column_width
            y = self.legend_top + row * LEGEND_ROW + LEGEND_ROW / 2
            parts.append(sample(index, _style(index), x, y))
            label = _truncate(one.label, column_width - 44)
            parts.append(_text(x + 38, y + 4.5, label, fill=INK, font_size="13"))
        parts.append("</g>")
        return parts


def _svg(chart_id: str, canvas: _Canvas, title: str, description: str, body: list[str]) -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart__svg" '
        f'viewBox="0 0 {WIDTH} {_n(canvas.height)}" role="img" focusable="false" '
        f'aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" '
        f'font-family="{FONT}" font-size="12">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )
    return head + "".join(body) + "</svg>"


def _point_title(one: Series, x: str, value: float, unit: str) -> str:
    text = f"{one.label}, {x}: {format_number(value)}" + (f" {unit}" if unit else "")
    return f"<title>{escape(text)}</title>"


def _describe(kind: str, series, labels, description: str) -> str:
    if description:
        return description
    if not labels or not series:
        return _("Diagrammet har inga värden.")
    names = get_text_list([one.label for one in series], _("och"))
    if kind == "bar":
        text = _("Stapeldiagram över %(span)s med en stapel per serie: %(names)s.")
    else:
        text = _("Linjediagram över %(span)s med en linje per serie: %(names)s.")
    return " ".join(
        [text % {"span": _span(labels), "names": names}, _("Samma värden står i tabellen.")]
    )


def _new_id() -> str:
    return f"chart-{uuid.uuid4().hex[:10]}"


def line_chart(
    series: list[Series],
    *,
    title: str,
    unit: str = "",
    description: str = "",
    series_name: str = "",
    y_range: tuple[Number, Number] | None = None,
) -> Chart:
    """A line per series over the x labels (in the order they first appear), a marker on
    every value; a missing value breaks the line. `series_name` heads the table's first
    column ("Område"); `y_range` widens the value axis (0–100 for shares, say)."""
    labels = _x_labels(series)
    chart_id = _new_id()
    canvas = _Canvas(series, labels, unit=unit, y_range=y_range)
    body = canvas.frame()
    for index, (one, values) in enumerate(zip(series, canvas.values, strict=True)):
        style = _style(index)
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        body.append(f'<g class="chart__series" data-series="{index}">')
        # One polyline per unbroken run of values: a gap is not drawn across.
        runs: list[list[tuple[float, float]]] = [[]]
        for position, x in enumerate(labels):
            value = values.get(x)
            if value is None:
                runs.append([])
            else:
                runs[-1].append((canvas.x(position), canvas.y(value)))
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{_n(px)},{_n(py)}" for px, py in run)
                body.append(
                    f'<polyline points="{points}" fill="none" stroke="{style.colour}" '
                    f'stroke-width="2.5" stroke-linejoin="round"{dash}/>'
                )
        for position, x in enumerate(labels):
            value = values.get(x)
            if value is not None:
                marker = _marker(style.marker, canvas.x(position), canvas.y(value), style.colour)
                body.append(f"<g>{_point_title(one, x, value, unit)}{marker}</g>")
        body.append("</g>")

    def sample(index, style, x, y):
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        return (
            f'<line x1="{_n(x)}" y1="{_n(y)}" x2="{_n(x + 30)}" y2="{_n(y)}" '
            f'stroke="{style.colour}" stroke-width="2.5"{dash}/>'
            + _marker(style.marker, x + 15, y, style.colour)
        )

    body += canvas.legend(sample)
    description = _describe("line", series, labels, description)
    return Chart(
        id=chart_id,
        title=title,
        unit=unit,
        description=description,
        svg=mark_safe(_svg(chart_id, canvas, title, description, body)),  # noqa: S308 (escaped)
        table=_table(series, labels, title=title, unit=unit, series_name=series_name),
    )


def bar_chart(
    series: list[Series],
    *,
    title: str,
    unit: str = "",
    description: str = "",
    series_name: str = "",
    y_range: tuple[Number, Number] | None = None,
) -> Chart:
    """Grouped bars: for each x label a bar per series, side by side, each series with its
    colour and fill pattern; a missing value has no bar. Arguments as line_chart's."""
    labels = _x_labels(series)
    chart_id = _new_id()
    canvas = _Canvas(series, labels, unit=unit, y_range=y_range)
    body = [f"<defs>{''.join(_pattern(chart_id, i, _style(i)) for i in range(len(series)))}</defs>"]
    body += canvas.frame()
    group = canvas.band * 0.8
    width = group / max(1, len(series))
    zero = canvas.y(max(canvas.low, min(0.0, canvas.high)))
    for index, (one, values) in enumerate(zip(series, canvas.values, strict=True)):
        style = _style(index)
        body.append(f'<g class="chart__series" data-series="{index}">')
        for position, label in enumerate(labels):
            value = values.get(label)
            if value is None:
                continue
            left = canvas.x(position) - group / 2 + index * width
            top, bottom = sorted([canvas.y(value), zero])
            body.append(
                f"<g>{_point_title(one, label, value, unit)}"
                f'<rect x="{_n(left + 1)}" y="{_n(top)}" width="{_n(max(1.0, width - 2))}" '
                f'height="{_n(max(bottom - top, 1.0))}" fill="{_bar_fill(chart_id, index, style)}" '
                f'stroke="{style.colour}" stroke-width="1.5"/></g>'
            )
        body.append("</g>")

    def sample(index, style, x, y):
        return (
            f'<rect x="{_n(x + 4)}" y="{_n(y - 8)}" width="22" height="16" '
            f'fill="{_bar_fill(chart_id, index, style)}" stroke="{style.colour}" '
            f'stroke-width="1.5"/>'
        )

    body += canvas.legend(sample)
    description = _describe("bar", series, labels, description)
    return Chart(
        id=chart_id,
        title=title,
        unit=unit,
        description=description,
        svg=mark_safe(_svg(chart_id, canvas, title, description, body)),  # noqa: S308 (escaped)
        table=_table(series, labels, title=title, unit=unit, series_name=series_name),
    )
