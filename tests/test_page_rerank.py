"""The second stage: among pages of the right manual, the one that holds the question's rarer
words, quotes a message verbatim, gives the steps of a "how" or the table of the kind of code
asked, comes first."""

from __future__ import annotations

import pytest

from index.keywords import present_terms, wanted_terms
from index.page_rerank import (
    holds_code_entry,
    holds_quote,
    numbered_codes,
    page_words,
    quoted_strings,
    rarity,
    rerank,
    stored_words,
    window_coverage,
    words_json,
)
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
    question = [frozenset(wanted_terms("How do I update the firmware from the SD card?"))]
    pages = [page_words(STEPS), page_words(FEATURES)]
    weight = rarity(question, pages)
    assert window_coverage(question, pages[0], weight) > window_coverage(question, pages[1],
                                                                          weight)


def test_word_forms_match_whatever_their_ending():
    """"updating" is asked, "update" is written: the same word to a technician."""
    assert wanted_terms("updating flashed batteries") <= present_terms(
        "Update the firmware; the board is flashed; replace both battery packs.")


def test_a_word_every_candidate_holds_does_not_decide():
    """The product's name is on every page of its manual; the page with the words that only
    it holds answers the question."""
    pages = {("manual", 0): "Octopus. The Octopus board. Octopus wiring for the Octopus.",
             ("manual", 1): "Octopus: choose the 32KiB bootloader offset in menuconfig."}
    order = rerank("octopus menuconfig bootloader offset", "", list(pages), pages.get)
    assert order[0] == ("manual", 1)


def test_an_alarm_question_opens_the_alarm_table_not_the_error_table():
    """GRBL's ALARM:3 and error:3 share a number; the kind of code asked decides, even with
    the error table ranked first and mentioning alarms."""
    pages = {("errors", 0): "Grbl error codes. Error 3: Invalid statement. Error 4: Value < 0. "
                            "Error 9: G-code locked out during alarm or jog state; reset first.",
             ("alarms", 0): "Grbl alarm codes. Alarm 3: Abort during cycle. Reset while in "
                            "motion. Alarm 4: Probe fail."}
    assert rerank("grbl ALARM:3 after reset", "", list(pages), pages.get)[0] == ("alarms", 0)
    assert rerank("grbl error 3 after reset", "", list(reversed(pages)),
                  pages.get)[0] == ("errors", 0)


def test_the_kind_of_code_is_read_in_either_language():
    assert numbered_codes("grbl ALARM:3 after reset") == {("alarm", "3")}
    assert numbered_codes("Grbl 报警 3 是什么意思") == {("alarm", "3")}
    assert numbered_codes("error:15 when jogging") == {("error", "15")}
    assert numbered_codes("what does this error mean") == set()


def test_only_the_asked_codes_own_row_is_its_entry():
    row = "Alarm Code in v1.1+: 10; Alarm Message in v1.0-: Homing fail"
    assert holds_code_entry(row, {("alarm", "10")}) == 1.0
    assert holds_code_entry(row, {("alarm", "1")}) == 0.0, "v1.1+ is a version, not alarm 1"
    assert holds_code_entry(row, {("error", "10")}) == 0.0
    assert holds_code_entry("Devices alarms are published as ups.alarm, 10 at most",
                            {("alarm", "10")}) == 0.0


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


def test_a_rare_word_does_not_lift_a_page_of_another_manual_over_the_right_one():
    """The first stage found the manual; a loosely matching page of another manual, holding
    words the right page lacks, stays below it. (Below the right manual's other, wrong,
    pages too with the hand-set weights; the fitted ones let it pass a page that holds one
    word of the question.)"""
    pages = {("ebb36", 13): "Compile the firmware: make menuconfig, then make.",
             ("ebb36", 14): "Flashing over DFU: the heater output turns on while flashing; "
                            "unplug the heater cartridge before you flash the firmware.",
             ("ups", 24): "The heater of the battery cabinet: output stays on while idle."}
    order = rerank("heater turns on while flashing the firmware, normal?", "",
                   list(pages), pages.get)
    assert order[0] == ("ebb36", 14)


TIMING_HEADER = "Model Step Time (ns) Step Space (ns) Direction Hold (ns) Direction Setup (ns)\n"


def test_the_page_holding_the_part_number_asked_comes_first():
    """A drives' timing table runs over several pages, each with the same header; the page
    explaining the columns shares the most words with the question, the page holding the
    asked drive's row answers it (`part_numbers`)."""
    pages = {("drives", 8): "Drive timing: dir hold and dir setup.\n" + TIMING_HEADER +
             "G201X 500 4000 20000 1000",
             ("drives", 9): TIMING_HEADER + "G203V 1000 2000 200 200",
             ("drives", 10): TIMING_HEADER + "G210X 500 4000 20000 1000",
             ("drives", 13): TIMING_HEADER + "M880A 5000 5000 20000 20000"}
    order = rerank("M880A dir hold / dir setup ns?", "", list(pages), pages.get)
    assert order[0] == ("drives", 13)
    # A product a manual is named after is no part number: every page of its manual may
    # print it or not.
    named = rerank("M880A dir hold / dir setup ns?", "", list(pages), pages.get,
                   names=frozenset({"m880a"}))
    assert named[0] == ("drives", 8)


def test_a_page_whose_text_is_not_stored_yet_stays_in_the_results():
    """A manual still being added is searchable before its page texts are written."""
    pages = {("arriving", 0): None, ("a", 1): "unrelated text about fans"}
    assert sorted(rerank("fan voltage", "", list(pages), pages.get)) == sorted(pages)


def test_search_opens_the_steps_page_not_the_feature_list(library, tmp_path):
    manual = write_pdf(tmp_path / "board manual.pdf", [FEATURES, STEPS])
    list(library.ingest([manual]))
    hits = library.search("How do I update the firmware with the SD card?", k=2)
    assert hits[0].page == 2, [(h.page, h.text[:40]) for h in hits]


def test_words_stored_at_ingest_rank_pages_as_their_text_does():
    """The second stage reads the words kept at ingest instead of tokenising each candidate
    again; the order a technician sees must not change with it."""
    chinese = "固件升级步骤：1. 将 firmware.bin 复制到 SD 卡根目录。2. 插入 SD 卡并上电。"
    for text in (STEPS, FEATURES, chinese, ""):
        assert stored_words(words_json(text)) == page_words(text)
    pages = {("manual", 0): FEATURES, ("manual", 1): STEPS, ("manual", 2): chinese}
    for question in ("How do I update the firmware from the SD card?", "固件怎么升级"):
        stored = rerank(question, "", list(pages), pages.get,
                        page_words_of=lambda key: words_json(pages[key]))
        assert stored == rerank(question, "", list(pages), pages.get)


SPINDLE_DATA = ("Spindle data. Speed up to 24000 rpm, power 1.5 kW, ER20 collet, weight 4 kg. "
                "The spindle is water cooled.")
SPINDLE_HOT = ("If it overheats: stop the job, check that the coolant pump runs and the "
               "hoses are not kinked, and let the spindle cool down before you restart.")


def test_the_page_that_means_the_question_comes_first(library, tmp_path):
    """Both pages name the spindle, the data sheet twice; the page that says what to do when
    it overheats ("too hot" is not on it) is the one a technician asking that wants, and its
    passages are the closest in meaning to the question (WEIGHTS.similarity)."""
    manual = write_pdf(tmp_path / "router manual.pdf", [SPINDLE_DATA, SPINDLE_HOT])
    list(library.ingest([manual]))
    hits = library.search("What do I do when the spindle gets too hot?", k=2)
    assert hits[0].page == 2, [(h.page, h.text[:40]) for h in hits]


def test_a_page_in_the_other_language_is_not_buried_under_the_question_s_own():
    """Two of the first stage's three rankings (the question's words and its vector) reach
    only pages in the question's language; the translated words reach the others. So an
    English page that answers a Chinese question as well as a Chinese page does, found
    second, is offered first (WEIGHTS.same_language corrects the lean)."""
    pages = {("board zh", 4): "固件升级：将固件复制到 SD 卡，插卡上电，等待升级完成。",
             ("board en", 7): "Firmware update: copy the firmware to the SD card, insert "
                              "the card, power on and wait until the update is done."}
    order = rerank("怎么用 SD 卡升级固件？", "sd card update firmware", list(pages), pages.get)
    assert order[0] == ("board en", 7)


def test_a_candidate_s_meaning_is_its_best_passage_s_whether_or_not_the_vector_search_saw_it(
        library, tmp_path):
    """A page found only by its words or by the translation is compared by its stored vectors
    as exactly as a page the vector search returned: otherwise the feature would favour the
    pages the first stage already likes."""
    manual = write_pdf(tmp_path / "router manual.pdf", [SPINDLE_DATA, SPINDLE_HOT, STEPS])
    list(library.ingest([manual]))
    doc_id = library.documents()[0].doc_id
    pages = [(doc_id, index) for index in range(3)]
    vector = library.encoder.embed_query("What do I do when the spindle gets too hot?")
    nearest: dict[tuple[str, int], float] = {}
    for passage in library.vectors.query(vector, 60):  # best first
        nearest.setdefault((passage.doc_id, passage.page_index), passage.similarity)
    fetched = library.retriever.page_similarity(vector, pages, {})
    assert set(fetched) == set(pages)
    assert fetched == pytest.approx(nearest, abs=1e-4)
    mixed = library.retriever.page_similarity(vector, pages, {pages[0]: nearest[pages[0]]})
    assert mixed == pytest.approx(fetched, abs=1e-4)


def test_the_manual_of_the_product_the_question_names_comes_first(library, tmp_path):
    """The UPS manual says "driver" and "installed" far more often; the question names the
    Octopus board, so the Octopus manual's page answers it (WEIGHTS.named)."""
    octopus = write_pdf(tmp_path / "octopus_board_manual.pdf", [
        "Octopus board overview. The Octopus has eight stepper driver sockets and four fan "
        "outputs.",
        "Connect the Octopus to the computer with a USB cable. To confirm, open the device "
        "manager in Windows and look for a virtual COM port while the Octopus is plugged in."])
    ups = write_pdf(tmp_path / "ups_tools_manual.pdf", [
        "Check that the driver is installed: the UPS driver shows in the list of drivers on "
        "the Windows PC. If it does not, plug the UPS in over USB again.",
        "The UPS driver talks to the UPS over USB or a serial cable."])
    list(library.ingest([octopus, ups]))
    hits = library.search("I plugged the Octopus into a Windows PC over USB. How do I check "
                          "the driver installed?", k=3)
    assert (hits[0].file, hits[0].page) == ("octopus_board_manual.pdf", 2), \
        [(h.file, h.page) for h in hits]
