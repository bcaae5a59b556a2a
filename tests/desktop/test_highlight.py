"""Finding a quoted passage in page text that another extractor produced, and marking a
query's words in a snippet (no Qt needed)."""

from __future__ import annotations

from desktop.highlight import locate, marked_html, query_terms
from desktop.text_pages import joined_pages
from kernel.types import Hit


def test_quote_is_found_across_different_line_breaks_and_hyphenation():
    qtpdf_text = ("Bearing replacement.\r\nHeat the new bear-\r\ning to 80 C before fit-\r\n"
                  "ting. Tighten the bolts.")
    quote = "Heat the new bearing to 80 C before fitting."
    start, end = locate(qtpdf_text, quote)
    assert qtpdf_text[start:end].startswith("Heat the new bear")
    assert qtpdf_text[start:end].endswith("fit-\r\nting.")


def test_a_quote_with_a_bullet_lands_where_the_viewer_gives_the_symbol_font_glyph():
    viewer_text = "Heater output:\r\n\uf06c 5 A\r\n\uf06c 24 V"
    start, end = locate(viewer_text, "• 5 A")
    assert viewer_text[start:end] == "5 A"


def test_the_occurrence_nearest_the_known_offset_wins():
    text = "Check the fuse. " + "x" * 200 + " Check the fuse. " + "y" * 200
    second = text.rindex("Check the fuse.")
    assert locate(text, "check the FUSE.", near=second + 3)[0] == second
    assert locate(text, "check the FUSE.")[0] == 0


def test_a_partly_different_quote_marks_the_longest_shared_part():
    page = "Alarm E-047: motor overtemperature, let the motor cool and check the fan."
    ocr_quote = "Alarrn E-O47: motor overtemperature, let the motor cool and check"
    start, end = locate(page, ocr_quote)
    assert "motor overtemperature, let the motor cool and check" in page[start:end]


def test_nothing_is_marked_when_the_quote_is_not_on_the_page():
    assert locate("Lubricate the chain weekly.", "Replace the servo drive fuse F3.") is None


def test_query_terms_keep_codes_and_split_chinese_into_words():
    terms = query_terms("What does E-047 mean? 加热棒为什么会自己加热")
    assert "e-047" in terms and "mean" in terms
    assert "what" not in terms and "为什么" not in terms
    assert "加热棒" in terms and "自己" in terms


def test_marked_html_marks_word_starts_and_escapes():
    html = marked_html("Bearings <hot> & pin in place, binary bin", ["bearing", "in", "bin"])
    assert html.startswith("<b style='background:#ffe066'>Bearing</b>s &lt;hot&gt; &amp;")
    assert "p<b" not in html, "'in' must not be marked inside 'pin'"
    assert "<b style='background:#ffe066'>in</b> place" in html
    assert "binary <b style='background:#ffe066'>bin</b>" in html, "short terms: whole words"


class _Page:
    def __init__(self, number, label, text):
        self.page_number, self.label, self.text = number, label, text


def test_a_workbook_sheet_is_found_by_its_name_and_the_span_lands_on_it():
    pages = [_Page(None, "Pumps", "P-101 seal leak"), _Page(None, "Fans", "F-7 belt slip")]
    hit = Hit("d", "log.xlsx", "/x/log.xlsx", None, "Fans", 1.0, "F-7 belt slip", 0, 13)
    text, span = joined_pages(pages, hit, "belt slip")
    assert text[span[0]:span[1]] == "belt slip"
    assert text.index("── Fans ──") < span[0]
