"""A small bar chart drawn with QPainter: QtCharts is not part of PySide6-Essentials.

One widget does vertical bars (grouped series over time) and horizontal bars (ranked items
with a label at each bar's end). It draws its axes and their labels, says "no data" itself,
shows each bar's value as a tooltip, and describes its data in the accessible description so
a screen reader can read what the picture shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from copydesk.ui.common import named

AXIS_COLOUR = QColor("#5f6368")
GRID_COLOUR = QColor("#e3e5e8")
TEXT_COLOUR = QColor("#202124")
MUTED_COLOUR = QColor("#80868b")


@dataclass(frozen=True)
class Series:
    """One set of bars; `colours` (one per category) overrides `colour` bar by bar."""

    name: str
    values: Sequence[float]
    colour: str
    colours: Sequence[str] | None = None

    def colour_at(self, index: int) -> QColor:
        return QColor(self.colours[index] if self.colours else self.colour)


def nice_ticks(maximum: float, most: int = 5, whole: bool = True) -> list[float]:
    """Round tick values from 0 to at least `maximum` (steps of 1, 2 or 5 × 10^n)."""
    if maximum <= 0:
        return [0, 1] if whole else [0, maximum or 1]
    raw = maximum / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if whole:
        step = max(1, round(step))
    count = math.ceil(maximum / step - 1e-9)
    return [i * step for i in range(count + 1)]


class BarChart(QWidget):
    """Bars with a title, axis labels, a legend for several series and an empty-state message."""

    def __init__(self, name: str, title: str, orientation: Qt.Orientation = Qt.Orientation.Vertical,
                 parent: QWidget | None = None):
        super().__init__(parent)
        named(self, name)
        self.title = title
        self.orientation = orientation
        self.categories: list[str] = []
        self.series: list[Series] = []
        self.category_axis = ""
        self.value_axis = ""
        self.bar_labels: list[str] | None = None  # text at each bar's end (horizontal charts)
        self.tick_text: Callable[[float], str] = lambda v: f"{v:g}"
        self.maximum: float | None = None  # fixed scale (e.g. 1.0 for rates); None: fit the data
        self.whole_numbers = True
        self.empty_text = ""
        self.legend: list[tuple[str, str]] = []  # (name, colour) pairs drawn beside the title
        self._hits: list[tuple[QRectF, str]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMouseTracking(True)

    # --- data ------------------------------------------------------------------------------

    def set_data(self, categories: Sequence[str], series: Sequence[Series], *, category_axis: str = "",
                 value_axis: str = "", bar_labels: Sequence[str] | None = None,
                 tick_text: Callable[[float], str] | None = None, maximum: float | None = None,
                 whole_numbers: bool = True, empty_text: str = "",
                 legend: Sequence[tuple[str, str]] | None = None) -> None:
        """Show these bars (an empty `categories` shows `empty_text` instead).

        The legend defaults to the series' names when there are several; pass (name, colour)
        pairs to explain per-bar colours instead."""
        self.categories = list(categories)
        self.series = list(series)
        self.category_axis = category_axis
        self.value_axis = value_axis
        self.bar_labels = list(bar_labels) if bar_labels is not None else None
        self.tick_text = tick_text or (lambda v: f"{v:g}")
        self.maximum = maximum
        self.whole_numbers = whole_numbers
        self.empty_text = empty_text
        if legend is not None:
            self.legend = list(legend)
        else:
            self.legend = [(s.name, s.colour) for s in self.series] if len(self.series) > 1 else []
        self.setAccessibleDescription(self.describe())
        if self.orientation == Qt.Orientation.Horizontal:
            self.setMinimumHeight(self._horizontal_height())
        self.updateGeometry()
        self.update()

    def is_empty(self) -> bool:
        return not self.categories or not self.series

    def describe(self) -> str:
        """The chart as text: title, then each category with its values."""
        if self.is_empty():
            return f"{self.title}: {self.empty_text}"
        rows = []
        for index, category in enumerate(self.categories):
            values = ", ".join(f"{s.name} {self._bar_text(s, index)}" for s in self.series)
            rows.append(f"{category}: {values}")
        return f"{self.title}. " + "; ".join(rows)

    def _bar_text(self, series: Series, index: int) -> str:
        if self.bar_labels is not None and len(self.series) == 1:
            return self.bar_labels[index]
        value = series.values[index]
        return self.tick_text(value) if not self.whole_numbers else f"{value:g}"

    # --- geometry --------------------------------------------------------------------------

    ROW_HEIGHT = 24  # horizontal charts: one row per category

    def _title_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def _header_height(self) -> int:
        return QFontMetrics(self._title_font()).height() + 10

    def _horizontal_height(self) -> int:
        metrics = QFontMetrics(self.font())
        rows = max(len(self.categories), 2)
        return self._header_height() + rows * self.ROW_HEIGHT + 2 * metrics.height() + 16

    def sizeHint(self) -> QSize:
        if self.orientation == Qt.Orientation.Horizontal:
            return QSize(420, self._horizontal_height())
        return QSize(640, 260)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 160)

    # --- painting --------------------------------------------------------------------------

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        self._hits = []
        area = QRectF(self.rect()).adjusted(8, 4, -8, -4)
        self._paint_header(painter, area)
        area.setTop(area.top() + self._header_height())
        if self.is_empty():
            painter.setPen(MUTED_COLOUR)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text)
        elif self.orientation == Qt.Orientation.Vertical:
            self._paint_vertical(painter, area)
        else:
            self._paint_horizontal(painter, area)
        painter.end()

    def _paint_header(self, painter: QPainter, area: QRectF) -> None:
        painter.setFont(self._title_font())
        painter.setPen(TEXT_COLOUR)
        height = self._header_height()
        painter.drawText(QRectF(area.left(), area.top(), area.width(), height), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.title)
        painter.setFont(self.font())
        if self.is_empty():
            return
        metrics = QFontMetrics(self.font())
        x = area.right()
        for name, colour in reversed(self.legend):  # right-aligned
            x -= metrics.horizontalAdvance(name)
            painter.setPen(TEXT_COLOUR)
            painter.drawText(QRectF(x, area.top(), metrics.horizontalAdvance(name) + 2, height), Qt.AlignmentFlag.AlignVCenter, name)
            x -= 16
            painter.fillRect(QRectF(x, area.top() + height / 2 - 5, 10, 10), QColor(colour))
            x -= 14

    def _scale_maximum(self) -> float:
        if self.maximum is not None:
            return self.maximum
        return max((v for s in self.series for v in s.values), default=0)

    def _paint_vertical(self, painter: QPainter, area: QRectF) -> None:
        metrics = QFontMetrics(self.font())
        ticks = nice_ticks(self._scale_maximum(), whole=self.whole_numbers)
        top_value = ticks[-1] or 1
        tick_width = max(metrics.horizontalAdvance(self.tick_text(t)) for t in ticks)
        left = area.left() + metrics.height() + 6 + tick_width + 6  # rotated axis label, tick labels
        bottom = area.bottom() - 2 * metrics.height() - 8  # category labels, axis label
        plot = QRectF(left, area.top() + metrics.height() / 2, area.right() - left, bottom - area.top() - metrics.height() / 2)

        for tick in ticks:  # grid lines and value labels
            y = plot.bottom() - plot.height() * tick / top_value
            painter.setPen(QPen(GRID_COLOUR, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(AXIS_COLOUR)
            painter.drawText(QRectF(area.left(), y - metrics.height() / 2, left - area.left() - 6, metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, self.tick_text(tick))

        count = len(self.categories)
        group = plot.width() / count
        bar_width = max(1.0, group * 0.8 / len(self.series))
        label_every = max(1, math.ceil((max(metrics.horizontalAdvance(c) for c in self.categories) + 8) / group))
        for index, category in enumerate(self.categories):
            x0 = plot.left() + group * index + group * 0.1
            for number, series in enumerate(self.series):
                value = series.values[index]
                height = plot.height() * value / top_value
                bar = QRectF(x0 + number * bar_width, plot.bottom() - height, bar_width - 1, height)
                painter.fillRect(bar, series.colour_at(index))
                self._hits.append((QRectF(bar.left(), plot.top(), bar_width, plot.height()), f"{category}\n{series.name}: {value:g}"))
            if index % label_every == 0:
                painter.setPen(AXIS_COLOUR)
                centre = plot.left() + group * (index + 0.5)
                width = group * label_every
                painter.drawText(QRectF(centre - width / 2, plot.bottom() + 4, width, metrics.height()),
                                 Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, category)

        painter.setPen(QPen(AXIS_COLOUR, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        self._axis_text(painter, area, plot, self.category_axis)
        painter.save()  # the value axis label reads bottom to top along the left edge
        painter.translate(area.left(), plot.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-plot.height() / 2, 0, plot.height(), metrics.height()), Qt.AlignmentFlag.AlignHCenter, self.value_axis)
        painter.restore()

    def _paint_horizontal(self, painter: QPainter, area: QRectF) -> None:
        metrics = QFontMetrics(self.font())
        series = self.series[0]
        labels = self.bar_labels or [f"{v:g}" for v in series.values]
        label_width = min(max(metrics.horizontalAdvance(c) for c in self.categories), area.width() * 0.42)
        end_width = max(metrics.horizontalAdvance(text) for text in labels) + 8
        left = area.left() + label_width + 8
        bottom = area.bottom() - 2 * metrics.height() - 8  # tick labels, axis label
        plot = QRectF(left, area.top(), max(10.0, area.right() - left - end_width), bottom - area.top())
        ticks = nice_ticks(self._scale_maximum(), most=4, whole=self.whole_numbers)
        top_value = ticks[-1] or 1

        for tick in ticks:
            x = plot.left() + plot.width() * tick / top_value
            painter.setPen(QPen(GRID_COLOUR, 1))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.setPen(AXIS_COLOUR)
            text = self.tick_text(tick)
            width = metrics.horizontalAdvance(text) + 4
            painter.drawText(QRectF(x - width / 2, plot.bottom() + 4, width, metrics.height()), Qt.AlignmentFlag.AlignHCenter, text)

        row = min(float(self.ROW_HEIGHT), plot.height() / len(self.categories))
        for index, category in enumerate(self.categories):
            y = plot.top() + row * index
            value = series.values[index]
            painter.setPen(TEXT_COLOUR)
            shown = metrics.elidedText(category, Qt.TextElideMode.ElideRight, int(label_width))
            painter.drawText(QRectF(area.left(), y, label_width, row), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, shown)
            bar = QRectF(plot.left(), y + row * 0.18, plot.width() * value / top_value, row * 0.64)
            painter.fillRect(bar, series.colour_at(index))
            painter.setPen(TEXT_COLOUR)
            painter.drawText(QRectF(bar.right() + 4, y, end_width, row), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, labels[index])
            self._hits.append((QRectF(area.left(), y, area.width(), row), f"{category}\n{series.name}: {labels[index]}"))

        painter.setPen(QPen(AXIS_COLOUR, 1))
        painter.drawLine(plot.topLeft(), plot.bottomLeft())
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        self._axis_text(painter, area, plot, self.value_axis)

    def _axis_text(self, painter: QPainter, area: QRectF, plot: QRectF, text: str) -> None:
        """The bottom axis label, centred under the plot, shifted (then elided) to stay inside."""
        metrics = QFontMetrics(self.font())
        text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(area.width()))
        width = metrics.horizontalAdvance(text) + 2
        left = min(max(plot.center().x() - width / 2, area.left()), area.right() - width)
        painter.setPen(AXIS_COLOUR)
        painter.drawText(QRectF(left, area.bottom() - metrics.height(), width, metrics.height()), Qt.AlignmentFlag.AlignLeft, text)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            for rect, text in self._hits:
                if rect.contains(QPointF(event.pos())):
                    QToolTip.showText(event.globalPos(), text, self)
                    return True
            QToolTip.hideText()
            event.ignore()
            return True
        return super().event(event)
