"""A repair note survives being written to its file and read back, Chinese and all."""

from datetime import date

from ingest.notes import RepairNote, parse, render


def test_a_note_reads_back_as_written():
    note = RepairNote(tag="P-101", date=date(2026, 11, 30), author="王师傅",
                      symptom="泵振动大: 轴承更换后", cause="Coupling misaligned by 0.3 mm",
                      action="Realigned the coupling; vibration 2.1 mm/s", parts="none",
                      text="Check again after 48 h.", photos=("p101-coupling.jpg",))
    text = render(note)
    assert text.startswith("---\nkind: repair-note\n")
    assert "# Repair note · P-101 · 2026-11-30 · 王师傅" in text
    assert parse(text) == note


def test_a_markdown_file_without_front_matter_is_not_a_note():
    assert parse("---\n\n# Pump manual\n\nText") is None
    assert parse("# P-101 notes\n\nkind: repair-note") is None
    assert parse("---\nkind: repair-note\n---\n\nno tag") is None


def test_a_hand_edited_date_that_does_not_parse_sorts_last():
    note = parse("---\nkind: repair-note\ntag: P-101\ndate: last tuesday\n---\n\nBearing noise")
    assert note is not None
    assert note.date == date(1970, 1, 1)
    assert note.text == "Bearing noise"
