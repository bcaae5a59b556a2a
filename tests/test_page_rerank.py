"""The second stage: among pages of the right manual, the one where the question's words stand
together, quote a message verbatim, or give the steps of a "how", comes first."""

from __future__ import annotations

from index.page_rerank import holds_quote, quoted_strings, rerank, window_coverage
from tests.documents import write_pdf

FEATURES = ("Features. The firmware can be updated. USB and CAN interfaces. TMC2209 drivers. "
            "Fan outputs with selectable voltage. Thermistor inputs. Endstop ports. An SD card "
            "slot for printing from files.")
STEPS = ("To update the firmware: 1. Copy firmware.bin to the root of the SD card. 2. Insert "
         "the SD card and power on the board. 3. Wait 10 seconds; the file is renamed "
         "FIRMWARE.CUR.")


def test_quoted_messages_are_found_in_any_quotation_style():
    assert quoted_strings('upsc says "Driver not connected" again') == ["Driver not connected"]
    assert quoted_strings("报错 “Timer too close” 怎么办") == ["Timer too close"]
    assert quoted_strings("提示「固件校验失败」") == ["固件校验失败"]
    assert quoted_strings("what does E-047 mean") == []


def test_a_quote_matches_whatever_the_text_layer_did_to_its_spaces():
    assert holds_quote("Error: driverNot  connected\n(see 5.2)", ["Driver not connected"]) == 1.0
    assert holds_quote("Error: driver missing", ["Driver not connected"]) == 0.0


def test_words_that_stand_together_outscore_words_spread_over_a_page():
    question = ["How do I update the firmware from the SD card?"]
    assert window_coverage(question, STEPS) > window_coverage(question, FEATURES)


def test_the_procedure_page_overtakes_a_feature_list_ranked_above_it():
    pages = {("manual", 0): FEATURES, ("manual", 1): STEPS}
    order = rerank("How do I update the firmware from the SD card?", "",
                   [("manual", 0), ("manual", 1)], pages.get)
    assert order == [("manual", 1), ("manual", 0)]


def test_the_page_quoting_the_message_goes_first():
    pages = {("faq", 0): "Driver problems. Check the cable and the port.",
             ("faq", 1): "The message 'Data stale' means the driver lost the UPS."}
    order = rerank("upsc prints 'Data stale' - why?", "", list(pages), pages.get)
    assert order[0] == ("faq", 1)


def test_a_page_whose_text_is_not_stored_yet_stays_in_the_results():
    """A manual still being added is searchable before its page texts are written."""
    pages = {("arriving", 0): None, ("a", 1): "unrelated text about fans"}
    assert sorted(rerank("fan voltage", "", list(pages), pages.get)) == sorted(pages)


def test_search_opens_the_steps_page_not_the_feature_list(library, tmp_path):
    manual = write_pdf(tmp_path / "board manual.pdf", [FEATURES, STEPS])
    list(library.ingest([manual]))
    hits = library.search("How do I update the firmware with the SD card?", k=2)
    assert hits[0].page == 2, [(h.page, h.text[:40]) for h in hits]
