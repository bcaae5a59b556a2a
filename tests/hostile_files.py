"""Hostile and broken files, made cheaply by the tests themselves.

Big files are built without doing the big work: the decompression bomb repeats one compressed
block (its checksum is computed by formula), the 5,000-page PDF shares one font and writes its
page objects directly, the 200 MB line is written in blocks, and the million-row workbook
streams its sheet XML into the zip.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from pypdf import PdfWriter

_BLOCK = 16 << 20


def pdf_bytes(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF file of the given objects (numbered from 1) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def text_content(text: str) -> bytes:
    return b"BT /F1 11 Tf 60 760 Td (%s) Tj ET" % text.encode("latin-1")


def zeros_deflated(gib: int) -> bytes:
    """A zlib stream that inflates to `gib` GiB of zero bytes, in about 1 MB per GiB."""
    block = bytes(_BLOCK)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    repeated = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    tail = deflate.flush(zlib.Z_FINISH)
    size = gib << 30
    adler = ((size % 65521) << 16) | 1  # Adler-32 of `size` zero bytes
    return (b"\x78\xda" + first + repeated * (size // _BLOCK - 1) + tail
            + adler.to_bytes(4, "big"))


def decompression_bomb_pdf(path: Path, gib: int = 8) -> Path:
    """One page whose content stream is a few MB on disk and `gib` GiB inflated."""
    path.write_bytes(pdf_bytes([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        stream(zeros_deflated(gib), b"/Filter /FlateDecode"),
    ]))
    return path


def cyclic_pdf(path: Path) -> Path:
    """A page tree that contains itself, next to one real page of text."""
    path.write_bytes(pdf_bytes([
        b"<< /Type /Catalog /Pages 2 0 R /Outlines 6 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(text_content("Cyclic manual: pump P-101 alarm E-047.")),
        _FONT,
        b"<< /Type /Outlines /First 7 0 R /Last 7 0 R /Count 1 >>",
        b"<< /Title (loop) /Parent 6 0 R /Next 7 0 R /Prev 7 0 R /First 7 0 R >>",
    ]))
    return path


def deeply_nested_pdf(path: Path, depth: int = 100_000) -> Path:
    """A page whose resources hold an array nested `depth` levels deep."""
    nested = b"[" * depth + b"]" * depth
    path.write_bytes(pdf_bytes([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /Deep " + nested + b" >> >>",
        stream(text_content("Nested manual: valve V-778.")),
        _FONT,
    ]))
    return path


_TOPICS = ("bearing", "seal", "coupling", "impeller", "shaft", "motor", "valve", "strainer",
           "gasket", "torque", "alignment", "vibration", "lubrication", "housing", "flange",
           "filter", "sensor", "belt", "fan", "relay", "fuse", "encoder", "spindle")


def many_pages_pdf(path: Path, pages: int) -> Path:
    """`pages` pages of one line of text each ("Page N: ... fault code PG-N"), one font."""
    first_page = 4
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", _FONT]
    kids = []
    for number in range(1, pages + 1):
        page, content = first_page + 2 * (number - 1), first_page + 2 * (number - 1) + 1
        kids.append(b"%d 0 R" % page)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % content)
        topic = " ".join(_TOPICS[(number * step) % len(_TOPICS)] for step in (1, 7, 13))
        objects.append(stream(text_content(  # varied, or cleaning drops it as a running header
            f"Page {number}: {topic}; fault code PG-{number} on the feed pump.")))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), pages)
    path.write_bytes(pdf_bytes(objects))
    return path


def blank_pdf(path: Path, pages: int = 3) -> Path:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(612, 792)
    writer.write(path)
    return path


def encrypted_pdf(source: Path, path: Path, password: str = "secret") -> Path:
    writer = PdfWriter(clone_from=source)
    writer.encrypt(user_password=password, owner_password="owner", algorithm="AES-256")
    writer.write(path)
    return path


def truncated(source: Path, path: Path, share: float = 0.6) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * share)])
    return path


def random_bytes(path: Path, size: int = 64 * 1024, seed: int = 7) -> Path:
    import random

    path.write_bytes(random.Random(seed).randbytes(size))
    return path


def single_line_text(path: Path, megabytes: int) -> Path:
    """`megabytes` MB of words with no line break at all."""
    piece = b"pump bearing seal E-047 coupling alignment torque valve " * 1024
    with path.open("wb") as out:
        written = 0
        while written < megabytes << 20:
            out.write(piece)
            written += len(piece)
    return path


def rows_xlsx(path: Path, rows: int) -> Path:
    """A workbook with one sheet of `rows` data rows (Code, Meaning, Count), its XML streamed
    straight into the zip."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("_rels/.rels", _RELS)
        book.writestr("xl/workbook.xml", _WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
                        b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                        b'<sheetData><row r="1"><c t="inlineStr"><is><t>Code</t></is></c>'
                        b'<c t="inlineStr"><is><t>Meaning</t></is></c>'
                        b'<c t="inlineStr"><is><t>Count</t></is></c></row>')
            batch = []
            for number in range(2, rows + 2):
                batch.append(b'<row r="%d"><c t="inlineStr"><is><t>E-%d</t></is></c>'
                             b'<c t="inlineStr"><is><t>motor fault</t></is></c>'
                             b'<c><v>%d</v></c></row>' % (number, number, number % 97))
                if len(batch) == 10_000:
                    sheet.write(b"".join(batch))
                    batch.clear()
            sheet.write(b"".join(batch) + b"</sheetData></worksheet>")
    return path


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
    'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
    'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/'
    'workbook.xml"/></Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="Faults" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/'
    'sheet1.xml"/></Relationships>')
