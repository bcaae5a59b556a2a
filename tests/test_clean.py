"""Cleaning makes pages searchable without losing the way back to the original text: running
headers go, hyphenated words join, Chinese loses spurious spaces, and every cleaned character
still points at the original character the viewer will highlight."""

from __future__ import annotations

from ingest.clean import clean_document
from kernel.types import Page


def _manual(bodies: list[str]) -> list[Page]:
    return [Page(i, i + 1, f"ACME CP-80 Pump Manual\n{body}\nPage {i + 1} of {len(bodies)}")
            for i, body in enumerate(bodies)]


def test_running_headers_and_footers_are_removed_from_the_index_only():
    pages = _manual(["Bearing replacement.", "Alignment check.", "Alarm codes.", "Spare parts."])
    cleaned = clean_document(pages)
    assert [c.text for c in cleaned] == ["Bearing replacement.", "Alignment check.",
                                         "Alarm codes.", "Spare parts."]
    assert "Page 2 of 4" in cleaned[1].page.text, "the original text must stay for display"


def test_a_line_repeated_inside_the_body_is_kept():
    words = ["Bearing", "Coupling", "Impeller", "Seal", "Strainer", "Motor"]
    bodies = [f"{w} check.\n{w} removal.\n{w} fitting.\nACME CP-80 Pump Manual\n{w} torque.\n"
              f"{w} test.\n{w} record." for w in words]
    cleaned = clean_document(_manual(bodies))
    assert [c.text.splitlines() for c in cleaned] == [b.splitlines() for b in bodies]


def test_hyphenated_line_ends_are_joined():
    cleaned = clean_document([Page(0, 1, "Check the bear-\ning housing. Use 6205-2RS.")])
    assert cleaned[0].text == "Check the bearing housing. Use 6205-2RS."


def test_chinese_loses_spurious_spaces_and_line_breaks_but_latin_keeps_them():
    cleaned = clean_document([Page(0, 1, "更 换 轴 承 后\n泵 振 动 ， 检查 P-101 pump 对中")])
    assert cleaned[0].text == "更换轴承后泵振动，检查 P-101 pump 对中"


def test_every_cleaned_character_points_at_its_original():
    raw = "ACME\r\nThe  pump   vib-\r\nrates.\r\n\r\n\r\n\r\n更 换 轴 承\r\nEnd"
    cleaned = clean_document([Page(0, 1, raw)])[0]
    for position, char in enumerate(cleaned.text):
        original = raw[cleaned.origin[position]]
        assert original == char or (char == "\n" and original == "\r")
    start, end = cleaned.original_span(cleaned.text.index("更"), len(cleaned.text))
    assert raw[start:end] == "更 换 轴 承\r\nEnd"
