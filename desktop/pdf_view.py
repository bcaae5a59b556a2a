"""A QPdfView that marks a passage on the page it shows.

QPdfView draws only its own search results, and those need a search string that matches the
page text exactly. We know where the passage is as character positions (see desktop/highlight),
so we ask QPdfDocument for the outline of those characters and paint it over the page. QPdfView
exposes no page-to-widget mapping; `page_rect` computes it as QPdfViewPrivate does for one page
at a custom zoom (Qt 6.6-6.12), which is why this view always runs in SinglePage/Custom mode and
fits the page width by choosing the zoom itself.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTransform,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QWidget

HIGHLIGHT_FILL = QColor(255, 214, 0, 80)
HIGHLIGHT_EDGE = QColor(230, 120, 0)
ZOOM_STEP = 1.25


class HighlightPdfView(QPdfView):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)  # type: ignore[arg-type]  # the stubs refuse None, Qt does not
        self.setPageMode(QPdfView.PageMode.SinglePage)
        self.setZoomMode(QPdfView.ZoomMode.Custom)
        self.fit_width = True
        self.highlight_page = -1
        self.highlight: list[QPolygonF] = []

    @property
    def current_page(self) -> int:
        return self.pageNavigator().currentPage()

    def mark(self, page: int, polygons: list[QPolygonF]) -> None:
        """Mark `polygons` (in page points) on 0-based `page`; an empty list clears."""
        self.highlight_page, self.highlight = (page, polygons) if polygons else (-1, [])
        self.viewport().update()

    def go_to(self, page: int) -> None:
        """Show 0-based `page`, scrolled to its mark when it has one."""
        self.pageNavigator().jump(page, QPointF(), self.zoomFactor())
        self._fit()
        self.scroll_to_highlight()
        self.viewport().update()

    def zoom(self, steps: int) -> None:
        """Zoom in (steps > 0) or out; zero steps fits the page width again."""
        self.fit_width = steps == 0
        if steps:
            self.setZoomFactor(max(0.25, min(8.0, self.zoomFactor() * ZOOM_STEP ** steps)))
        self._fit()

    def _fit(self) -> None:
        document = self.document()
        if not self.fit_width or document is None or document.status() != \
                QPdfDocument.Status.Ready:
            return
        points = document.pagePointSize(self.current_page)
        margins = self.documentMargins()
        room = self.viewport().width() - margins.left() - margins.right()
        if points.width() > 0 and room > 50:
            self.setZoomFactor(room / (points.width() * _screen_resolution()))

    def page_rect(self) -> QRect:
        """Where the current page is drawn, in viewport coordinates."""
        document = self.document()
        if document is None or document.status() != QPdfDocument.Status.Ready:
            return QRect()
        size = (document.pagePointSize(self.current_page) * _screen_resolution()
                * self.zoomFactor()).toSize()
        margins = self.documentMargins()
        total_width = size.width() + margins.left() + margins.right()
        x = (max(total_width, self.viewport().width()) - size.width()) // 2
        return QRect(QPoint(x, margins.top()), size).translated(-self.horizontalScrollBar().value(),
                                                       -self.verticalScrollBar().value())

    def _to_view(self) -> QTransform:
        rect = self.page_rect()
        scale = _screen_resolution() * self.zoomFactor()
        return QTransform.fromTranslate(rect.x(), rect.y()).scale(scale, scale)

    def highlight_bounds(self) -> QRect:
        """The marked passage's bounding box in viewport coordinates (empty when none)."""
        if self.highlight_page != self.current_page or not self.highlight:
            return QRect()
        transform = self._to_view()
        box = QRect()
        for polygon in self.highlight:
            box = box.united(transform.map(polygon).boundingRect().toAlignedRect())
        return box

    def scroll_to_highlight(self) -> None:
        box = self.highlight_bounds()
        if box.isEmpty():
            self.verticalScrollBar().setValue(0)
            return
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + box.top() - self.viewport().height() // 4)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.highlight_page != self.current_page or not self.highlight:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setTransform(self._to_view())
        # One box per line: an outline around each character (or word) would cross out the
        # very words the technician has to read.
        marked = QPainterPath()
        for line in line_boxes(self.highlight):
            marked.addRect(line)
        marked = marked.simplified()
        pen = QPen(HIGHLIGHT_EDGE)
        pen.setCosmetic(True)
        pen.setWidth(2)
        painter.fillPath(marked, HIGHLIGHT_FILL)
        painter.strokePath(marked, pen)
        painter.end()


def line_boxes(polygons: list[QPolygonF]) -> list[QRectF]:
    """The marked characters' boxes merged into one box per printed line (page points)."""
    lines: list[QRectF] = []
    for box in sorted((p.boundingRect() for p in polygons), key=lambda r: (r.top(), r.left())):
        last = lines[-1] if lines else None
        if last is not None and box.top() < last.center().y() < box.bottom():
            lines[-1] = last.united(box)
        else:
            lines.append(QRectF(box))
    return [line.adjusted(-1, -1, 1, 1) for line in lines]


def _screen_resolution() -> float:
    """Pixels per point, as QPdfView computes it (from the primary screen)."""
    return QGuiApplication.primaryScreen().logicalDotsPerInch() / 72.0
