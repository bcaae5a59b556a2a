"""Loaders turn files into pages a viewer can open, and refuse bad files with advice."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from ingest.loaders import load_document
from kernel.errors import (
    DamagedDocumentError,
    EmptyDocumentError,
    EncryptedDocumentError,
    UnsupportedFormatError,
)
from tests.documents import PUMP_MANUAL_ZH, write_pdf

DATA = Path(__file__).parent / "data"


def test_pdf_gives_one_page_per_pdf_page_with_1_based_numbers(pump_manual):
    parsed = load_document(pump_manual)
    assert [p.number for p in parsed.pages] == [1, 2, 3, 4]
    assert [p.index for p in parsed.pages] == [0, 1, 2, 3]
    assert "6205-2RS" in parsed.pages[1].text
    assert "E-047" in parsed.pages[3].text


def test_chinese_pdf_text_is_read(tmp_path):
    parsed = load_document(write_pdf(tmp_path / "zh.pdf", PUMP_MANUAL_ZH, cjk=True))
    assert "对中" in parsed.pages[1].text


def test_real_manual_keeps_every_page():
    parsed = load_document(DATA / "linuxcnc_integrator.pdf")
    assert len(parsed.pages) == len(PdfReader(DATA / "linuxcnc_integrator.pdf").pages) == 20
    assert sum(1 for p in parsed.pages if p.text.strip()) >= 18


def test_printed_page_labels_are_kept(tmp_path, pump_manual):
    writer = PdfWriter(clone_from=pump_manual)
    writer.set_page_label(0, 1, style="/r")
    writer.set_page_label(2, 3, style="/D", start=1)
    labelled = tmp_path / "labelled.pdf"
    writer.write(labelled)
    labels = [p.label for p in load_document(labelled).pages]
    assert labels == ["i", "ii", "1", "2"]
    assert [p.label for p in load_document(pump_manual).pages] == [None] * 4


def _encrypt(source: Path, target: Path, password: str) -> Path:
    writer = PdfWriter(clone_from=source)
    writer.encrypt(user_password=password, owner_password="owner", algorithm="AES-256")
    writer.write(target)
    return target


def test_pdf_encrypted_with_empty_password_simply_opens(tmp_path, pump_manual):
    parsed = load_document(_encrypt(pump_manual, tmp_path / "aes.pdf", ""))
    assert "6205-2RS" in parsed.pages[1].text


def test_password_protected_pdf_says_how_to_fix_it(tmp_path, pump_manual):
    with pytest.raises(EncryptedDocumentError, match="save an unprotected copy") as caught:
        load_document(_encrypt(pump_manual, tmp_path / "locked.pdf", "secret"))
    assert caught.value.path.name == "locked.pdf"


@pytest.mark.parametrize("content", [b"%PDF-1.7\n1 0 obj\n<<", b"\x13\x99garbage" * 50])
def test_damaged_pdf_is_refused_with_advice(tmp_path, content):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(content)
    with pytest.raises(DamagedDocumentError, match="Copy it again"):
        load_document(broken)


@pytest.mark.parametrize("kept", [0.3, 0.95])
def test_truncated_pdf_is_refused_with_advice(tmp_path, pump_manual, kept):
    truncated = tmp_path / "truncated.pdf"
    data = pump_manual.read_bytes()
    truncated.write_bytes(data[: int(len(data) * kept)])
    with pytest.raises(DamagedDocumentError, match="interrupted"):
        load_document(truncated)


def test_zero_byte_file_is_refused(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.touch()
    with pytest.raises(EmptyDocumentError, match="0 bytes"):
        load_document(empty)


def test_pdf_without_text_or_image_is_refused_with_advice(tmp_path):
    blank = tmp_path / "blank.pdf"
    write_pdf(blank, ["", ""])
    with pytest.raises(EmptyDocumentError, match="no readable text was found on any page"):
        load_document(blank)


def test_blank_page_inside_a_manual_is_kept_with_its_reason(tmp_path):
    parsed = load_document(write_pdf(tmp_path / "gap.pdf", ["Intro to P-101.", "", "E-047."]))
    assert [p.number for p in parsed.pages] == [1, 2, 3]
    assert parsed.pages[1].text == "" and "blank page" in parsed.pages[1].note


def test_words_keep_their_spaces_where_pypdf_loses_them():
    text = load_document(DATA / "linuxcnc_integrator.pdf").pages[4].text
    assert "Most drivers accomplish this by monitoring the current" in text


def test_unsupported_type_lists_what_is_supported(tmp_path):
    odd = tmp_path / "drawing.dwg"
    odd.write_bytes(b"AC1032")
    with pytest.raises(UnsupportedFormatError, match=r"DOCX.*PDF"):
        load_document(odd)


def test_text_notes_are_one_page_without_number(tmp_path):
    note = tmp_path / "repair note.md"
    note.write_text("# P-101\nReplaced bearing 6205-2RS, vibration gone.", encoding="utf-8")
    parsed = load_document(note)
    assert len(parsed.pages) == 1
    assert parsed.pages[0].number is None
    assert "6205-2RS" in parsed.pages[0].text


def test_chinese_note_saved_as_gbk_is_decoded(tmp_path):
    note = tmp_path / "维修记录.txt"
    note.write_bytes("更换轴承后振动已消除".encode("gbk"))
    assert "更换轴承" in load_document(note).pages[0].text


def test_a_word_hyphenated_at_a_line_end_reads_whole_and_a_compound_keeps_its_hyphen():
    pages = load_document(DATA / "linuxcnc_integrator.pdf").pages
    assert "potentially some accur" in pages[5].text and "\x02" not in pages[5].text
    assert "motor-control-manuals" in pages[7].text  # "motorcontrol" is written nowhere else
