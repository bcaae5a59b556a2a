"""Page furniture never answers: a manual's running headers and footers, its title block,
copyright and licence text and the labels of an OCR'd drawing are never an answer's span, nor
one of the lines shown with it, and a footer that PDF extraction glued to a sentence is cut off
it, so the answer starts with the sentence a technician needs."""

from __future__ import annotations

from index.sentences import sentences
from kernel.types import Page
from laoshifu.answer.furniture import blanked, furniture_of
from tests.documents import write_pdf

# A footer as long as a line of text: the sentence splitter takes it for wrapped prose and
# glues it to the first sentence of the page, as LinuxCNC's "Getting Started V2.9.0~pre1+git...
# 31 / 55" was glued to "In many common situations, ...".
FOOTER = "X-200 Lathe Controller Manual V2.9.0~pre1+git20230208.f1270d6ed7, 28 Jun 2026 {n} / 4"
LATHE_MANUAL = [
    "Chapter 1 Safety. Switch the X-200 off at the main isolator before you open the cabinet.",
    "The spindle brake is released by turning the key switch S3 to RUN before you turn the "
    "spindle by hand. The brake engages again when the key is turned back to LOCK.",
    "Coolant. Fill the coolant tank with 20 litres of a 5 % emulsion and check it weekly.",
    "Alarm codes. E-12 means the spindle drive is too hot: let it cool for 30 minutes.",
]

TITLE = "X-300 Pump Controller User Manual"
PUMP_CONTROLLER = [
    "X-300 Pump Controller\nUser Manual\nVersion: V1.2\nThe X-300 runs one centrifugal pump "
    "from its pressure sensor. Fit fuse F1 with a 5 A slow-blow fuse only: a fast fuse blows "
    "at every pump start.",
    f"{TITLE}\nConnect the pressure sensor to terminal X4 with a shielded cable of at most 30 m "
    "and earth the shield at the controller end only.",
    f"{TITLE}\nWhen alarm A7 shows, the suction pressure stayed below 0.2 bar for 10 s: check "
    "the strainer.",
]
TITLE_LINES = ("X-300 Pump Controller", "User Manual", "Version")


def test_a_footer_glued_to_the_first_sentence_is_cut_off_the_answer(library, tmp_path):
    pages = [f"{FOOTER.format(n=n)}\n{text}" for n, text in enumerate(LATHE_MANUAL, start=1)]
    manual = write_pdf(tmp_path / "X-200 lathe controller manual.pdf", pages, keep_lines=True)
    list(library.ingest([manual]))

    answer = library.ask("Which key switch releases the spindle brake?", with_model=False).composed
    first = answer.text.splitlines()[0]
    assert first.startswith("The spindle brake is released by turning the key switch S3"), \
        answer.text
    assert "28 Jun 2026" not in answer.text, "the footer is no part of any line shown"
    assert not any("28 Jun 2026" in c.quote for c in answer.citations), \
        "nor of what the viewer highlights"


def test_a_manuals_title_line_never_leads_its_answer(library, tmp_path):
    manual = write_pdf(tmp_path / "x300.pdf", PUMP_CONTROLLER, keep_lines=True)
    list(library.ingest([manual]))

    answer = library.ask("X-300 pump controller user manual: which fuse?",
                         with_model=False).composed
    assert "Fit fuse F1 with a 5 A" in answer.text
    assert not answer.text.startswith(TITLE_LINES), answer.text
    assert not any(line.startswith(TITLE_LINES) for line in answer.text.splitlines()), \
        "nor is it one of the lines shown"


def _kept(pages: list[Page], at: int) -> list[str]:
    """The sentences span choice reads on page `at` of the document."""
    text = blanked(pages[at].text, furniture_of(pages), at)
    assert len(text) == len(pages[at].text), "every character keeps its offset"
    return [span.text for span in sentences(text)]


def test_copyright_and_licence_text_is_no_answer():
    legal = ("7.1 Copyright Terms\nCopyright (c) 2000-2022 LinuxCNC.org\nPermission is granted "
             "to copy, distribute and/or modify this document under the terms of the GNU Free "
             "Documentation License, Version 1.1.\nSet the feed rate with an F word.")
    kept = _kept([Page(0, 1, "Feed rate.\nThe F word sets the feed."), Page(1, 2, legal)], 1)
    assert "Set the feed rate with an F word." in kept
    assert not any("Copyright (c)" in s or "Permission is granted" in s for s in kept)


def test_an_ocr_drawings_labels_go_and_an_ocr_tables_rows_stay():
    drawing = "1.3 Dimensions\n2.76mm FAN1\nD14 5v-OUT\n24V D12 2.87mm\nF10 F12a [ α4 D15--"
    table = "MODE2 MODE1 MODE0 Microsteps\nH H L 1/32\nRTS -5 7-RTS"
    pages = [Page(0, 1, "Board manual."), Page(1, 2, drawing, ocr=True),
             Page(2, 3, table, ocr=True)]
    assert _kept(pages, 1) == ["1.3 Dimensions"]
    assert _kept(pages, 2) == ["MODE2 MODE1 MODE0 Microsteps", "H H L 1/32", "RTS -5 7-RTS"]


def test_a_page_counter_is_furniture_at_the_page_edge_only():
    body = ["Microstep settings.", "Set the DIP switches as the table shows.",
            "SW1 SW2 Microsteps", "ON ON 1/8", "1/16", "Set SW3 for the motor current.",
            "Keep the driver cool."]
    pages = [Page(n, n + 1, "\n".join(["S-1 Stepper Driver", *body, f"{n + 1}/3"]))
             for n in range(3)]
    kept = _kept(pages, 0)
    assert "1/16" in kept, "a value in a table"
    assert "1/3" not in kept and "S-1 Stepper Driver" not in kept, "the running lines"


def test_a_running_line_glued_into_a_line_of_text_is_cut_off_it():
    pages = [Page(n, n + 1, f"Page {n + 1} of 3\nFan wiring.\nUse the FAN1 port.\n"
                            "Produced by BIGTREETECH") for n in range(3)]
    pages[1] = Page(1, 2, "Page 2 of 3 Insert the SD card with the power off.\n"
                          "Set the jumper to 24V. Produced by BIGTREETECH")
    assert _kept(pages, 1) == ["Insert the SD card with the power off.", "Set the jumper to 24V."]
