"""Offline text recognition (OCR) for scanned pages and photos, in Chinese and English.

Scanned manuals and phone photos of a machine's data plate have no text layer, so without OCR
they cannot be searched at all. RapidOCR runs the PP-OCRv4 Chinese/English models that ship
inside its wheel through onnxruntime, so nothing is downloaded and the app works offline.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pypdfium2 as pdfium
from PIL import Image, ImageOps, UnidentifiedImageError

from kernel.errors import (
    DamagedDocumentError,
    EmptyDocumentError,
    EncryptedDocumentError,
)
from kernel.reasons import Reason
from kernel.types import Page, ParsedDocument

if TYPE_CHECKING:
    from rapidocr_onnxruntime import RapidOCR

# Chosen by measurement. On pages of 5-8 pt text, character recall at 100 dpi fell to 0.36 (English
# 5 pt) and 0.79 (English 6 pt), at 125 dpi it was 0.98-0.99 at 5 pt, and from 150 dpi on it was
# 0.996 or better at every size in both scripts, so 200 dpi bought nothing but took 1.5-2x as long.
# Ordinary manual pages (bench/ocr_recall.py) read the same (~0.99) from 100 dpi up.
DEFAULT_DPI = 150

# RapidOCR shrinks any image whose long side exceeds 2000 px before detection. That would quietly
# undo a higher dpi on tall or large-format pages (A3 drawings), so allow up to this size.
_MAX_SIDE_PX = 3000

# Below this mean line confidence the text is still indexed, but the user is told to check it.
# Measured: clean pages of real manuals scored 0.90-0.99; a page blurred until words ran together
# scored 0.82-0.89, and blurred until words were garbled 0.60-0.79. The ranges touch, so this
# catches the bad photos and some of the mediocre ones without warning on clean scans.
LOW_CONFIDENCE = 0.85

_engine: RapidOCR | None = None
_engine_lock = threading.Lock()
# One recognition at a time: onnxruntime already spreads a single run over all cores, and
# RapidOCR keeps per-call settings on the engine object, so parallel calls gain nothing and
# could interfere.
_run_lock = threading.Lock()
# PDFium is not thread-safe, not even across different documents: every call in the process must
# be serialised. Public and re-entrant so that other modules using pypdfium2 can hold it around
# their own calls, including calls that render a page for OCR while a document is open.
PDFIUM_LOCK = threading.RLock()


@dataclass(frozen=True)
class OcrText:
    """Recognised text with the engine's mean line confidence (0..1), so callers can warn."""

    text: str
    confidence: float


def _get_engine() -> RapidOCR:
    """Load the models on first use only: it costs about a second and most files need no OCR."""
    global _engine
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                from rapidocr_onnxruntime import RapidOCR

                # The per-line 180-degree classifier is off: on clean pages it flipped lines that
                # start with punctuation (". Pull the old bearing") and turned them into garbage.
                # Looser boxes (unclip 2.0, default 1.6) keep the spaces between English words:
                # with tight boxes the recogniser ran words together ("tagout themotorbefore"),
                # which breaks word search; English word recall on the BTT, NUT and WCH manuals
                # rose from 0.81-0.98 to 0.93-0.99 with character recall unchanged.
                _engine = RapidOCR(use_cls=False, max_side_len=_MAX_SIDE_PX,
                                   det_unclip_ratio=2.0)
    return _engine


def render_pdf_page(path: Path, index: int, dpi: int = DEFAULT_DPI) -> Image.Image:
    """Rasterise one PDF page (0-based `index`) so a page without a text layer can be read.

    Opened with no password: PDFium then tries the empty user password, which is how many
    vendor manuals are (AES-)encrypted while still opening freely in any reader.
    """
    path = Path(path)
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as error:
            if error.err_code == pdfium.raw.FPDF_ERR_PASSWORD:
                raise EncryptedDocumentError(Reason("pdf_encrypted"), path=path) from error
            raise DamagedDocumentError(Reason("pdf_damaged"), path=path) from error
        try:
            if not 0 <= index < len(document):
                raise IndexError(f"{path.name} has {len(document)} pages; no page index {index}")
            page = document[index]
            try:
                bitmap = page.render(scale=dpi / 72, may_draw_forms=True)
                # Copy out of PDFium's buffer before the page and document are closed.
                image = bitmap.to_pil().convert("RGB")
                bitmap.close()
            except pdfium.PdfiumError as error:
                raise DamagedDocumentError(Reason("pdf_damaged"), path=path,
                                           page=index + 1) from error
            finally:
                page.close()
        finally:
            document.close()
    return image


def _box_geometry(box: Any) -> tuple[float, float, float]:
    """Top, bottom and left edge of a detected quadrilateral; boxes are near-axis-aligned."""
    ys = [point[1] for point in box]
    xs = [point[0] for point in box]
    return min(ys), max(ys), min(xs)


def _is_cjk(char: str) -> bool:
    """Han characters, CJK punctuation and full-width forms: scripts written without spaces."""
    code = ord(char)
    return (
        0x3000 <= code <= 0x303F  # CJK symbols and punctuation (。、「」)
        or 0x3040 <= code <= 0x30FF  # kana
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xF900 <= code <= 0xFAFF  # CJK compatibility ideographs
        or 0xFF00 <= code <= 0xFFEF  # full-width forms (，：（）)
        or 0x20000 <= code <= 0x2FA1F  # CJK extensions B and later
    )


def _join(left: str, right: str) -> str:
    """Join two pieces of one line: Chinese is written without spaces, Latin words need one."""
    if not left:
        return right
    if not right:
        return left
    if _is_cjk(left[-1]) and _is_cjk(right[0]):
        return left + right
    return f"{left} {right}"


def _reading_order(items: list[tuple[Any, str, float]]) -> list[list[tuple[Any, str, float]]]:
    """Group boxes into lines top-to-bottom, each line left-to-right.

    A box belongs to a line when its vertical centre falls inside the line's band. RapidOCR's own
    ordering compares top edges within a fixed 10 px, which breaks when a line is split into boxes
    of different heights or the page is rendered at a high dpi.
    """
    geometry = [(*_box_geometry(box), box, text, score) for box, text, score in items]
    geometry.sort(key=lambda g: (g[0] + g[1]) / 2)
    lines: list[dict[str, Any]] = []
    for top, bottom, left, box, text, score in geometry:
        centre = (top + bottom) / 2
        line = lines[-1] if lines else None
        if line is not None and line["top"] <= centre <= line["bottom"]:
            line["items"].append((left, box, text, score))
            # Keep the band of the first box so a tall neighbour cannot swallow the next line.
        else:
            lines.append({"top": top, "bottom": bottom, "items": [(left, box, text, score)]})
    ordered = []
    for line in lines:
        line["items"].sort(key=lambda item: item[0])
        ordered.append([(box, text, score) for _, box, text, score in line["items"]])
    return ordered


def recognise(image: Image.Image) -> OcrText:
    """Read the text of a page image, in reading order, with its mean line confidence.

    The text is laid out as the reader sees it (one line per printed line) so that passages cut
    from it for search and citation read naturally.
    """
    engine = _get_engine()
    if image.mode != "RGB":
        image = image.convert("RGB")
    with _run_lock:
        result, _elapsed = engine(image, use_cls=False)
    items = [
        (box, str(text).strip(), float(score))
        for box, text, score in (result or [])
        if str(text).strip()
    ]
    if not items:
        return OcrText(text="", confidence=0.0)
    lines = []
    for line in _reading_order(items):
        joined = ""
        for _box, text, _score in line:
            joined = _join(joined, text)
        lines.append(joined)
    confidence = sum(score for _, _, score in items) / len(items)
    return OcrText(text="\n".join(lines), confidence=confidence)


def ocr_pdf_page(path: Path, index: int) -> OcrText:
    """Recognise one PDF page (0-based) that has no usable text layer."""
    return recognise(render_pdf_page(path, index))


def _open_image(path: Path) -> Image.Image:
    """Decode the whole picture up front, so a truncated file fails here with advice."""
    try:
        with Image.open(path) as opened:
            # Phones store the camera's orientation in EXIF instead of rotating the pixels.
            image = ImageOps.exif_transpose(opened)
            image.load()
            return image.convert("RGB")
    except FileNotFoundError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError,
            Image.DecompressionBombError) as error:
        raise DamagedDocumentError(Reason("image_damaged"), path=path) from error


def load_image(path: Path) -> ParsedDocument:
    """A photo or scan of one page (PNG/JPG) becomes one searchable page marked as OCR."""
    path = Path(path)
    image = _open_image(path)
    recognised = recognise(image)
    if not recognised.text.strip():
        raise EmptyDocumentError(Reason("image_no_text"), path=path)
    warnings: list[str] = []
    if recognised.confidence < LOW_CONFIDENCE:
        percent = math.floor(recognised.confidence * 100)
        warnings.append(
            f"the text was recognised with low confidence ({percent}%): search may miss words. "
            "A sharper, straight-on, well-lit photo gives better results."
        )
    page = Page(index=0, number=None, text=recognised.text, ocr=True)
    return ParsedDocument(pages=[page], warnings=warnings)
