from ingest.pdf_glyphs import readable_pages


def test_a_line_end_hyphen_is_dropped_only_when_the_document_writes_the_word_whole():
    pages = readable_pages(["Drive the ma\x02chine at sea\x02level.", "The machine is ready."])
    assert pages[0] == "Drive the machine at sea-level."
    assert pages[1] == "The machine is ready."


def test_symbol_font_bullets_become_bullets():
    assert readable_pages(["Steps:\n\uf06c Power up the Link\n\uf0d8 打开工程"]) == [
        "Steps:\n• Power up the Link\n• 打开工程"]
