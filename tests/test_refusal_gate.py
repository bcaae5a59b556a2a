"""The library refuses what it lacks, and says what: a product it holds no page of, a value no
page states, a topic it does not cover; and answers what its pages hold, however it is asked."""

from __future__ import annotations

import pytest

from kernel.types import Hit
from laoshifu.answer import REFUSAL
from laoshifu.answer.evidence import evidence_for
from laoshifu.answer.gate import Missing, missing, refusal_text, subject_words
from laoshifu.answer.products import model_codes
from laoshifu.answer.spans import carried_over
from laoshifu.answer.tables import table_caption
from laoshifu.answer.terms import asked_codes, uncovered_term
from laoshifu.answer.value_check import QUANTITIES, asked_quantity, states_value
from tests.documents import PUMP_MANUAL, PUMP_MANUAL_ZH, write_pdf

# A second manual of the same plant: a debug probe whose pin table names a chip family.
PROBE_MANUAL = [
    "WL-2 debug probe. JTAG pins for the STM32F10xxx family: TMS on PA13, TCK on PA14, TDI on "
    "PA15 and TDO on PB3. The probe is powered from the USB port. Its cooling fan header "
    "supplies 200 mA.",
]


@pytest.fixture
def plant_library(library, tmp_path):
    pump = write_pdf(tmp_path / "P-101 pump manual.pdf", PUMP_MANUAL)
    probe = write_pdf(tmp_path / "WL-2 probe manual.pdf", PROBE_MANUAL)
    list(library.ingest([pump, probe]))
    return library


def test_model_codes_are_products_not_paths_versions_or_table_codes():
    assert model_codes("What torque for the CP100 bolts on a CP-80?") == ["cp100", "cp-80"]
    assert model_codes("BTT Manta M8P 上的 CB1 核心板怎么刷系统镜像？") == ["m8p", "cb1"]
    assert model_codes("EBB42 CAN V1.2, error:15, ALARM:3, M109, /dev/ttyUSB0, ttyUSB1") == [
        "ebb42"]


def test_a_sibling_product_is_refused_naming_it_and_what_the_library_holds(plant_library):
    stream = plant_library.ask("What torque for the bearing housing bolts of the CP100 pump?")
    assert stream.refused
    text = stream.composed.text
    assert "CP100" in text and "P-101 pump manual.pdf" in text, text
    assert stream.sources, "the closest pages are still offered"


def test_a_sibling_named_with_hyphens_is_refused_naming_its_model(plant_library):
    # "80" alone reads as a quantity: the model is "Max-80", which no page names.
    assert model_codes("On a Grbl-Mega-5X controller, and an F6C150-RKM-2U cable") == [
        "mega-5x", "f6c150"]
    stream = plant_library.ask("What torque for the bearing housing bolts of the Flow-Max-80 "
                               "pump?")
    assert stream.refused and "MAX-80" in stream.composed.text.upper(), stream.composed.text


def test_a_sibling_product_asked_in_chinese_is_refused_in_chinese(plant_library):
    text = plant_library.ask("CP100 泵的轴承座螺栓扭矩是多少？").composed.text
    assert "CP100" in text and "资料库" in text, text


def test_a_revision_glued_to_chinese_punctuation_is_still_the_sibling_asked(library, tmp_path):
    # The library holds the first Voron; "Voron 2.4（350 尺寸）" asks for a later model, the
    # revision written against a full-width bracket.
    manual = write_pdf(tmp_path / "voron assembly guide.pdf", [
        "Voron frame. The Voron frame is built from 12 aluminium extrusions, 2020 profile, "
        "370mm long, joined by cube corner brackets."])
    list(library.ingest([manual]))
    stream = library.ask("Voron 2.4（350 尺寸）的框架铝型材每根多长？")
    assert stream.refused and "2.4" in stream.composed.text, stream.composed.text
    answer = library.ask("Voron 的框架铝型材每根多长？", with_model=False).result()
    assert answer.grounded and "370mm" in answer.text, answer.text
    # An address after a name is no revision of it.
    text = library.ask("Voron 192.168（内网）的打印机，框架铝型材每根多长？").composed.text
    assert "192.168" not in text, text


def test_a_nozzle_size_or_a_chip_series_is_no_revision_of_a_product(library, tmp_path):
    # "the 0.6 nozzle" is no revision "0.6" of a product "the", and WCH's "V006 系列" is a
    # series, not a revision "V006" of the CH641 named before it: both were refused as
    # products the library lacks ("The library has no page naming THE 0.6").
    voron = write_pdf(tmp_path / "voron assembly guide.pdf", [
        "Voron printed parts. With exception of the X Carriage components, everything is "
        "designed to be printed with a 0.6mm nozzle."])
    boot = tmp_path / "boot area guide.md"
    boot.write_text("# BOOT 区作为用户区\n\nCH32V003 与 CH641 的 BOOT 区与用户区之间的函数跳转有 "
                    "1us 延时。\n", encoding="utf-8")
    series = tmp_path / "boot area notes.md"
    series.write_text("# 跳转延时\n\nV006 系列芯片没有额外的跳转延时时间。\n", encoding="utf-8")
    list(library.ingest([voron, boot, series]))
    answer = library.ask("Voron parts - anything I shouldn't print with the 0.6 nozzle?",
                         with_model=False).result()
    assert answer.grounded and "X Carriage" in answer.text, answer.text
    answer = library.ask("不是 CH32V003 或 CH641，而是 V006 系列芯片，跳转还有延时吗？",
                         with_model=False).result()
    assert answer.grounded, answer.text


def test_the_held_product_written_another_way_is_answered(plant_library):
    # The manual writes "CP-80" and "STM32F10xxx"; technicians write "CP80" and "STM32F103".
    answer = plant_library.ask("CP80 bearing housing bolts torque?", with_model=False).result()
    assert answer.grounded and "24 Nm" in answer.text, answer.text
    answer = plant_library.ask("Which STM32F103 pin is TDI?", with_model=False).result()
    assert answer.grounded and "PA15" in answer.text, answer.text


def test_a_value_no_page_states_is_refused_naming_the_quantity(plant_library):
    # The pump manual covers the motor and its fan, never a fuse rating.
    stream = plant_library.ask("What is the rated current of the P-101 motor fuse?")
    assert stream.refused
    assert "current" in stream.composed.text, stream.composed.text


def test_a_value_the_page_states_is_answered_with_it(plant_library):
    answer = plant_library.ask("What torque for the P-101 bearing housing bolts?",
                               with_model=False).result()
    assert answer.grounded and "24 Nm" in answer.text, answer.text
    answer = plant_library.ask("P-101 轴承座螺栓的拧紧扭矩是多少？", with_model=False).result()
    assert answer.grounded and "24 Nm" in answer.text, answer.text


def test_an_off_topic_question_is_refused(plant_library):
    answer = plant_library.ask("What's a good recipe for sourdough bread?").result()
    assert (answer.grounded, answer.text) == (False, REFUSAL["en"])


def test_an_everyday_thing_the_library_never_names_is_refused_naming_it(plant_library):
    # Every other word is the pump manual's ("vibrates", "bearing change", "check"), so the
    # share of known words lets it through; the forklift is what it is about.
    stream = plant_library.ask("My forklift vibrates after a bearing change. What should I "
                               "check first?", with_model=False)
    assert stream.refused and "forklift" in stream.composed.text, stream.composed.text


def test_half_a_contraction_names_nothing_the_library_is_about(library, tmp_path):
    # "isn't" splits into "isn", which no dictionary knows: read as a word of the trade that a
    # page holds ("the pump isn't primed"), it let the forklift through.
    pages = [*PUMP_MANUAL, "Priming. If the pump isn't primed, fill the casing before start."]
    list(library.ingest([write_pdf(tmp_path / "P-101 pump manual.pdf", pages)]))
    stream = library.ask("My forklift isn't lifting after a bearing change. What should I "
                         "check first?", with_model=False)
    assert stream.refused and "forklift" in stream.composed.text, stream.composed.text


def test_a_plain_noun_one_dictionary_lacks_names_no_topic_of_the_library(library, tmp_path):
    # LemmInflect's lexicon lacks "multimeter", which read as a trade word the library holds
    # (the pump manual tests the motor's heater with one): the kitchen oven's element was
    # answered with the pump motor's heater test.
    pages = [*PUMP_MANUAL, "Motor heater. If the heating element of the anti-condensation "
             "heater stopped working, test it with a multimeter: the element reads 50 to 60 "
             "ohm when it is working."]
    list(library.ingest([write_pdf(tmp_path / "P-101 pump manual.pdf", pages)]))
    stream = library.ask("The heating element in my kitchen oven stopped working. How do I "
                         "test it with a multimeter?", with_model=False)
    assert stream.refused and "kitchen" in stream.composed.text, stream.composed.text
    answer = library.ask("The P-101 motor heater stopped working. How do I test its element "
                         "with a multimeter?", with_model=False).result()
    assert answer.grounded and "60 ohm" in answer.text, answer.text


def test_a_thing_of_the_technicians_own_is_named_by_a_word_the_library_lacks(library,
                                                                             tmp_path):
    # "My pool pump hums but won't start" was answered from a manual of motors: "pool" is a
    # verb too ("to pool"), and "but", which no lexicon files as a noun, verb or adjective,
    # read as a word of the trade, one every page holds.
    pages = [*PUMP_MANUAL, "Motor start. If the motor hums but does not turn, the start "
             "capacitor has failed: replace it with a 40 uF capacitor rated 250 V."]
    list(library.ingest([write_pdf(tmp_path / "P-101 pump manual.pdf", pages)]))
    for thing in ("drill", "dishwasher"):
        stream = library.ask(f"My {thing} hums but won't start. Is it the start capacitor?",
                             with_model=False)
        assert stream.refused and thing in stream.composed.text, stream.composed.text
    answer = library.ask("The P-101 motor hums but won't start. Is it the start capacitor?",
                         with_model=False).result()
    assert answer.grounded and "40 uF" in answer.text, answer.text


def test_a_colloquial_chinese_question_on_an_english_manual_is_answered(plant_library):
    # jieba cuts the way a technician puts it into words no page holds ("先要", "几样";
    # "厉害", "咋办"): they outnumbered the manual's words (轴承, bearing) and the question was
    # refused as off the library's topics, or "几样" (several kinds) named as a thing it lacks.
    for question in ("泵换完轴承后老是抖，先要查哪几样？", "换轴承后泵抖得厉害咋办"):
        answer = plant_library.ask(question, with_model=False).result()
        assert answer.grounded and "0.05 mm" in answer.text, (question, answer.text)
    # A thing it names still counts: the rice cooker (电饭煲) is on no page.
    assert plant_library.ask("家里电饭煲煮饭老是夹生咋办", with_model=False).refused


@pytest.fixture
def chinese_pump_library(library, tmp_path):
    list(library.ingest([write_pdf(tmp_path / "P-101 泵维护手册.pdf", PUMP_MANUAL_ZH, cjk=True)]))
    return library


def test_an_everyday_thing_named_in_chinese_is_refused_naming_it(chinese_pump_library):
    # The office water dispenser (饮水机) "vibrates after a bearing change": every other word
    # is the pump manual's, and no page holds the dispenser in either language.
    stream = chinese_pump_library.ask("饮水机更换轴承后振动，首先检查什么？", with_model=False)
    assert stream.refused and "饮水机" in stream.composed.text, stream.composed.text


def test_a_number_the_manual_prints_names_nothing_it_is_about(chinese_pump_library):
    # "0.05" is on the manual's page, but a number is no name of the trade: read as one, the
    # kitchen oven (烤箱) was answered with the pump's alignment check.
    stream = chinese_pump_library.ask("烤箱更换轴承后振动，偏差超过 0.05 毫米，首先检查什么？",
                                      with_model=False)
    assert stream.refused and "烤箱" in stream.composed.text, stream.composed.text


def test_a_chinese_word_whose_meaning_the_manual_holds_is_no_everyday_thing(
        chinese_pump_library):
    # No page writes 离心泵, but the manual is the centrifugal pump's (离心泵 renders as
    # "centrifugal pump").
    answer = chinese_pump_library.ask("离心泵更换轴承后振动，首先检查什么？",
                                      with_model=False).result()
    assert answer.grounded and "百分表" in answer.text, answer.text


def test_a_chinese_question_quoting_the_manual_s_english_is_about_it(library, tmp_path):
    # A glossary of engines writes in the dictionary's words, so no trade word tells that the
    # question is about it; 杂质 (impurities) is on no page in either language, but the English
    # the question quotes is, as written.
    glossary = write_pdf(tmp_path / "powerplant glossary.pdf", [
        "Last-chance oil filter. A small filter installed in the oil line to the bearing jet "
        "in a gas turbine engine. This filter traps any contaminants that have passed the "
        "main filter and holds them until the engine is disassembled for overhaul."])
    notes = write_pdf(tmp_path / "发动机维护笔记.pdf", [
        "涡轮发动机维护笔记。每次大修的时候，拆下油路上的一道道滤网清洗，哪里装在什么位置先拍照。"],
        cjk=True)
    list(library.ingest([glossary, notes]))
    answer = library.ask("最后一道滤油器（last-chance oil filter）装在哪里？"
                         "截留的杂质什么时候清除？", with_model=False).result()
    assert answer.grounded and "bearing jet" in answer.text, answer.text


def test_a_word_of_the_technicians_own_beside_the_product_asked_about_is_answered(
        plant_library):
    # "customer" is on no page either, but the question names the pump the manual covers.
    answer = plant_library.ask("The customer's P-101 vibrates after a bearing change. What "
                               "should I check first?", with_model=False).result()
    assert answer.grounded and "dial indicator" in answer.text, answer.text


def _with_manual(library, tmp_path, model: str, pages: list[str]) -> None:
    """Ingest into `library` the controller manual of `model`, its `pages` one PDF page each."""
    list(library.ingest([write_pdf(tmp_path / f"{model} controller manual.pdf", pages)]))


def test_the_board_of_a_question_naming_its_model_is_the_manuals_product(library, tmp_path):
    # "ebb36 板子多大": the board is the product the manual is about, whose size its
    # parameter list gives without naming the board ("外观尺寸：51.5mm*37mm"). Read as a
    # subject the value's line must name, it refused a question the manual answers.
    list(library.ingest([write_pdf(tmp_path / "KX-7 controller manual.pdf", [
        "KX-7 产品特点\n1. 考虑到板子的尺寸，采用 SOD-323 封装的肖特基二极管。\n"
        "2. 板子预留 BOOT 和 RESET 按键。\n3. 两个风扇接口（FAN1、FAN2）。",
        "1.2 产品参数\n1. 外观尺寸：51.5mm*37mm\n2. 输入电压：DC12V-DC24V 6A"],
        cjk=True, keep_lines=True)]))
    answer = library.ask("KX-7 板子多大 长宽几毫米", with_model=False).result()
    assert answer.grounded and "51.5mm*37mm" in answer.text, answer.text
    near = library.ask("KX-7 板子上风扇接口的线长多少毫米？", with_model=False).result()
    assert not near.grounded, "the fan port's lead is no size of the board"


def test_the_current_version_asked_is_no_electric_current(library, tmp_path):
    # "current" of "the current firmware version" means now: read as amps, the question was
    # refused for want of a page stating a current.
    _with_manual(library, tmp_path, "KX-7", [
        "KX-7 firmware. The current firmware version is 2.1.4. Update it from the SD card.",
        "KX-7 wiring. Connect the hotend heater cartridge to the heater port HE0."])
    answer = library.ask("What is the current firmware version of the KX-7?",
                         with_model=False).result()
    assert answer.grounded and "2.1.4" in answer.text, answer.text


def test_a_debuggers_current_function_is_no_electric_current(library, tmp_path):
    # "the current function" is the one the debugger stopped in: read as amps, the question
    # was refused for want of a page stating a current (dev15b's Keil "Step Out").
    _with_manual(library, tmp_path, "KX-7", [
        "KX-7 debugging. Step Over runs the next line. Step Out runs the rest of the current "
        "function at full speed and stops in its caller.",
        "KX-7 wiring. Connect the hotend heater cartridge to the heater port HE0."])
    answer = library.ask("Debugging the KX-7, which command runs the rest of the current "
                         "function at full speed?", with_model=False).result()
    assert answer.grounded and "Step Out" in answer.text, answer.text


def test_a_can_bitrate_is_a_baud_rate_the_page_must_state(library, tmp_path):
    # "bitrate" asked for no value, so a page on the CAN port's wiring answered what rate it
    # runs at; a page stating it in kbps answers.
    _with_manual(library, tmp_path, "KX-7", [
        "KX-7 CAN port. Wire CAN_H and CAN_L to the toolhead through the RJ11 CAN port.",
        "KX-7 toolhead cable. Twist CAN_H and CAN_L and fit the 120R jumper at the bus end."])
    stream = library.ask("What bitrate is the KX-7 RJ11 CAN port set up for?", with_model=False)
    assert stream.refused, stream.composed.text
    _with_manual(library, tmp_path, "KX-9", [
        "KX-9 CAN port. The RJ11 CAN port runs at 500kbps out of the box."])
    answer = library.ask("What bitrate is the KX-9 RJ11 CAN port set up for?",
                         with_model=False).result()
    assert answer.grounded and "500kbps" in answer.text, answer.text


def test_how_long_a_cable_can_be_is_a_length_the_page_must_state(library, tmp_path):
    # "How long can the cable be?" was read as asking for a time: the page stating the RS-485
    # line's 1200 m was refused for stating no duration. "How long can the UPS be on battery?"
    # still asks for a time, which these pages never state.
    _with_manual(library, tmp_path, "KX-7", [
        "KX-7 RS-485 port. The RS-485 cable between the KX-7 and the UPS may be up to 1200 m "
        "long. Use shielded twisted pair.",
        "KX-7 wiring. Connect the hotend heater cartridge to the heater port HE0."])
    answer = library.ask("How long can the RS-485 cable between the KX-7 and the UPS be?",
                         with_model=False).result()
    assert answer.grounded and "1200 m" in answer.text, answer.text
    stream = library.ask("How long can the KX-7 be on battery when the UPS takes over?",
                         with_model=False)
    assert stream.refused, stream.composed.text


def test_a_setting_given_a_bare_number_states_the_value_asked_in_its_unit(library, tmp_path):
    # The CAN HAT's crystal is set as "oscillator=12000000" in /boot/config.txt, with no "Hz":
    # asked its frequency in English, or in Chinese about the overlay the line is the
    # "dtoverlay" of, the page was refused for stating no frequency (and "overlay" held
    # nowhere). A page setting the crystal nowhere is still refused.
    _with_manual(library, tmp_path, "KX-7", [
        "KX-7 CAN HAT. Add these lines to /boot/config.txt, then reboot:\n"
        "dtparam=spi=on\n"
        "dtoverlay=mcp2515-can0,oscillator=12000000,interrupt=25",
        "KX-7 wiring. Connect the hotend heater cartridge to the heater port HE0."])
    answer = library.ask("What oscillator frequency does the KX-7 CAN HAT's MCP2515 use?",
                         with_model=False).result()
    assert answer.grounded and "oscillator=12000000" in answer.text, answer.text
    answer = library.ask("KX-7 CAN HAT 的 MCP2515 晶振是几兆，overlay 里填多少？",
                         with_model=False).result()
    assert answer.grounded and "oscillator=12000000" in answer.text, answer.text
    stream = library.ask("What crystal frequency does the KX-7 heater port's MOSFET use?",
                         with_model=False)
    assert stream.refused, stream.composed.text


def test_a_reading_named_for_its_quantity_states_its_value(library, tmp_path):
    # upsc prints the UPS's readings as "input.frequency: 50.0", with no "Hz": asked the input
    # frequency the sample shows, the page was refused for stating no frequency. A reading of
    # another quantity on the same page ("battery.charge: 100") states no temperature.
    _with_manual(library, tmp_path, "KX-7", [
        "KX-7 status. Run upsc kx7@localhost to read the UPS. A sample run looks like this:\n"
        "battery.charge: 100\n"
        "input.frequency: 50.0\n"
        "input.voltage: 230.0",
        "KX-7 wiring. Connect the hotend heater cartridge to the heater port HE0."])
    answer = library.ask("What input frequency does the KX-7 upsc sample show?",
                         with_model=False).result()
    assert answer.grounded and "input.frequency: 50.0" in answer.text, answer.text
    stream = library.ask("What battery temperature does the KX-7 upsc sample show?",
                         with_model=False)
    assert stream.refused, stream.composed.text


def test_a_compound_joined_by_a_small_word_is_covered_by_its_words(library, tmp_path):
    # "PC-to-UPS" was a name no page held, so the pinout whose header reads "Signal PC UPS"
    # was refused; the linking "to" is no word the page must print. A compound whose words
    # the page lacks ("Modbus-to-Ethernet") is still refused.
    _with_manual(library, tmp_path, "KX-7", [
        "KX-7 serial cable. The KX-7 has a female DB-9 socket with a non-standard pinout.\n"
        "Signal PC UPS\nTxD 2 2\nRxD 3 1\nGND 5 4",
        "KX-7 wiring. Connect the hotend heater cartridge to the heater port HE0."])
    answer = library.ask("What is the PC-to-UPS pinout of the KX-7 serial cable?",
                         with_model=False).result()
    assert answer.grounded and "RxD 3 1" in answer.text, answer.text
    stream = library.ask("What is the Modbus-to-Ethernet pinout of the KX-7 serial cable?",
                         with_model=False)
    assert stream.refused, stream.composed.text


def test_a_settings_value_asked_for_is_answered_only_where_a_page_gives_one(library, tmp_path):
    # "MAXJOBS 设成多少" asks no quantity, so the page saying only that MAXJOBS limits the
    # build's parallel jobs answered it; a page giving MINSUPPLIES its number answers.
    _with_manual(library, tmp_path, "KX-7", [
        "KX-7 build. Export the MAXJOBS environment variable to limit the parallel make jobs "
        "of the build script.",
        "KX-7 upsmon.conf. A server with two power supplies fed by one UPS needs\n"
        "MINSUPPLIES 1\nin upsmon.conf."])
    stream = library.ask("KX-7 的构建脚本用 MAXJOBS 限制并行编译，手册建议设成多少？",
                         with_model=False)
    assert stream.refused and "MAXJOBS" in stream.composed.text, stream.composed.text
    answer = library.ask("KX-7 的 upsmon.conf 里 MINSUPPLIES 设成多少？", with_model=False).result()
    assert answer.grounded and "MINSUPPLIES 1" in answer.text, answer.text


def test_how_long_a_board_is_is_a_length_the_page_must_state(library, tmp_path):
    # "How long is the adaptor board?" asked for a time, and the page with its length was
    # refused for stating none.
    _with_manual(library, tmp_path, "KX-7", [
        "KX-7 USB adaptor board. The adaptor board measures 32.00mm by 18.50mm.",
        "KX-7 wiring. Connect the hotend heater cartridge to the heater port HE0."])
    answer = library.ask("How long is the KX-7 USB adaptor board?", with_model=False).result()
    assert answer.grounded and "32.00mm" in answer.text, answer.text


def test_a_screw_size_typed_whole_is_held_where_its_thread_is(library, tmp_path):
    # "m3x16" is on no page of a parts list that prints "16mm M3 hex socket screw": with two
    # more words jieba cuts from "要备几颗", most of the question seemed held nowhere, and it was
    # refused as off the library's topics.
    _with_manual(library, tmp_path, "KX-7", [
        "KX-7 hardware kit\nDescription Part Qty\n"
        "8mm M3 hex socket screw HW-M3-8 40\n16mm M3 hex socket screw HW-M3-16 19",
        "KX-7 wiring. Connect the hotend heater cartridge to the heater port HE0."])
    answer = library.ask("kx-7 m3x16 要备几颗", with_model=False).result()
    assert answer.grounded and "19" in answer.text, answer.text


def test_a_value_stated_only_in_another_products_manual_does_not_answer(plant_library):
    # The probe's manual states a fan current; the pump's never does.
    stream = plant_library.ask("What current does the P-101 pump's cooling fan draw?",
                               with_model=False)
    assert stream.refused and "current" in stream.composed.text, stream.composed.text
    answer = plant_library.ask("What current does the WL-2 probe's cooling fan header supply?",
                               with_model=False).result()
    assert answer.grounded and "200 mA" in answer.text, answer.text


def test_words_the_manual_writes_in_another_form_are_not_off_topic(plant_library):
    # The manual writes "replacement" and "24 Nm", never "replace" or "torque".
    answer = plant_library.ask("How do I replace the bearing and what torque applies?",
                               with_model=False).result()
    assert answer.grounded and "24 Nm" in answer.text, answer.text


# A controller board's manual that prints its parts' codes the way vendors do, and a FAQ whose
# answers sit under their question as a heading.
CONTROLLER_MANUAL = [
    "KX-7 controller board. Main chip: STM32F446ZET6 with a core frequency of 180MHz.",
    "KX-7 thermistor input TH0. With a 100K NTC thermistor, fit no jumper: the pull-up is "
    "4.7K. With a PT1000, fit the jumper: the pull-up is 2.2K.",
    "KX-7 heater port HE0. Connect the hotend heater cartridge to HE0; the port is protected by "
    "a fuse on the KX-7 board.",
]
# Another plant manual, the only one that covers PID tuning.
LOOP_CONTROLLER_MANUAL = [
    "LC-3 loop controller. PID tuning: start with P only, raise it until the loop oscillates, "
    "then halve it.",
    "LC-3 PID tuning, integral and derivative: add I until the offset is gone, then D to damp "
    "the overshoot.",
]
CONTROLLER_FAQ = """# KX-7 questions

## Will the heaters stay on if the host computer crashes?

Every enabled heater must be confirmed. Without a confirmation every 5 seconds the board goes
into a shutdown state, which turns off all heaters and motors.

## What ambient temperature does the board work in?

The KX-7 works from 0 ºC to 40 ºC.

## How do I change the baud rate?

Set baud: 250000 in the printer config.
"""


@pytest.fixture
def controller_library(library, tmp_path):
    manual = write_pdf(tmp_path / "KX-7 controller manual.pdf", CONTROLLER_MANUAL)
    loop = write_pdf(tmp_path / "LC-3 loop controller manual.pdf", LOOP_CONTROLLER_MANUAL)
    faq = tmp_path / "KX-7 faq.md"
    faq.write_text(CONTROLLER_FAQ, encoding="utf-8")
    list(library.ingest([manual, loop, faq]))
    return library


def test_g_code_words_are_not_products_but_a_makers_model_is():
    assert model_codes("Why does G1 X10 F3000 after G28 stall, and is M104 S200 wrong?") == []
    assert model_codes("What step time does the table give for a Gecko G540?") == ["g540"]
    # G words run 0-99 (G33.1, G38.2, G64): three digits after a G are a model, typed in lower
    # case at the start of a search as often ("gecko g540 step time", "G540 wiring").
    assert model_codes("gecko g540 step time and direction setup in linuxcnc") == ["g540"]
    assert model_codes("G540 wiring to the parallel port") == ["g540"]
    assert model_codes("G33.1 rigid tapping, G38.2 probing, G64 P0.01 and M7219") == []
    assert model_codes("Which offset for the SKR Mini E3 V3?") == ["e3"]


def test_a_code_printed_with_a_suffix_or_the_other_way_round_is_answered(controller_library):
    # The manual prints "STM32F446ZET6" and "100K NTC"; technicians type "STM32F446", "NTC100K".
    answer = controller_library.ask("What core frequency does the STM32F446 run at?",
                                    with_model=False).result()
    assert answer.grounded and "180MHz" in answer.text, answer.text
    answer = controller_library.ask("With an NTC100K thermistor on TH0, which pull-up applies?",
                                    with_model=False).result()
    assert answer.grounded and "4.7K" in answer.text, answer.text
    # The sentence names the chip only with its suffix: it still names what was asked about.
    answer = controller_library.ask("What frequency does the STM32F446 run at?",
                                    with_model=False).result()
    assert answer.grounded and "180MHz" in answer.text, answer.text
    stream = controller_library.ask("What core frequency does the STM32F407 run at?")
    assert stream.refused and "STM32F407" in stream.composed.text, stream.composed.text
    # A resistor's value typed as "4k7" is the manual's "4.7K", no part number it lacks.
    answer = controller_library.ask("Is the TH0 pull-up 4k7 with a 100K NTC thermistor?",
                                    with_model=False).result()
    assert answer.grounded and "4.7K" in answer.text, answer.text


def test_a_value_whose_subject_is_its_section_title_is_answered(controller_library):
    # The sentence stating "5 seconds" never says "host" or "crash": its heading does.
    answer = controller_library.ask("If the host computer crashes, after how many seconds "
                                    "does the failsafe act?", with_model=False).result()
    assert answer.grounded and "5 seconds" in answer.text, answer.text


def test_a_topic_beside_the_manual_is_refused_naming_it(controller_library):
    # The KX-7 manual covers its heater port; only the LC-3 manual covers PID tuning.
    stream = controller_library.ask("How do I run PID tuning for the KX-7 hotend heater on HE0?")
    assert stream.refused, stream.composed.text
    assert "PID" in stream.composed.text and "KX-7 controller manual.pdf" in stream.composed.text
    text = controller_library.ask("KX-7 的 HE0 加热棒怎么做 PID 整定？").composed.text
    assert "PID" in text and "没有讲到" in text, text
    answer = controller_library.ask("How do I start PID tuning on the LC-3 loop controller?",
                                    with_model=False).result()
    assert answer.grounded and "P only" in answer.text, answer.text


def test_a_name_no_page_holds_is_refused_naming_it(controller_library):
    stream = controller_library.ask("Which pull-up does the Kraken board use on TH0?")
    assert stream.refused and "Kraken" in stream.composed.text, stream.composed.text


def test_a_temperature_typeset_with_the_ordinal_mark_is_a_temperature(controller_library):
    # PDFs often set degrees as "º" (the ordinal mark), which Unicode folding reads as "o".
    answer = controller_library.ask("What ambient temperature range does the KX-7 work in?",
                                    with_model=False).result()
    assert answer.grounded and "40 ºC" in answer.text, answer.text


# A board's manual whose pages all speak of its fan ports, a programmer's manual that names a
# sibling board once, and a specification list whose items sit one under the other.
FAN_BOARD_MANUAL = [
    "KX-9 controller board. Fan ports FAN0 to FAN3 each supply up to 1 A at 24 V; the fan port "
    "voltage is set by a jumper beside each fan port.",
    "KX-9 fan port wiring. Connect the part cooling fan to FAN0 and the hotend fan to FAN1; the "
    "output current of each fan port is limited to 1 A by its MOSFET.",
    "KX-9 heater port HE0 supplies up to 5 A; the fan ports and the heater share the 24 V input "
    "of the board. Pin PA2 drives the heater port on the KX-9 and on the KX12 alike: keep the "
    "heater unpowered while the board is flashed.",
]
PROGRAMMER_MANUAL = [
    "WL-5 programmer. Install the USB driver first, then connect SWDIO, SWCLK and GND to the "
    "target and start the flashing tool. The green LED blinks while the image is written and "
    "stays lit when the checksum matches. Supported targets: KX-9, MX420. If the tool reports "
    "a timeout, lower the SWD clock and shorten the cable.",
]
SPECIFICATIONS = """# Specifications

9. Fan port maximum output current: 1A
10. Expansion ports: I2C, SPI, USB
11. Motor driver: onboard TMC2209, hardware address: 00
12. EEPROM: AT24C32
"""


@pytest.fixture
def board_library(library, tmp_path):
    manual = write_pdf(tmp_path / "KX-9 controller manual.pdf", FAN_BOARD_MANUAL)
    programmer = write_pdf(tmp_path / "WL-5 programmer manual.pdf", PROGRAMMER_MANUAL)
    specifications = tmp_path / "KX-9 specifications.md"
    specifications.write_text(SPECIFICATIONS, encoding="utf-8")
    list(library.ingest([manual, programmer, specifications]))
    return library


def test_a_product_only_another_manual_names_is_refused_naming_it(board_library):
    # MX420 is in the library, once, in the programmer's list of boards it flashes; the pages
    # about fan ports are the KX-9's. Their 1 A is no answer for the MX420.
    stream = board_library.ask("What is the maximum output current of the fan ports on the "
                               "MX420 board?")
    assert stream.refused, [(h.file, h.page) for h in stream.sources]
    assert "MX420" in stream.composed.text and "only in other manuals" in stream.composed.text
    answer = board_library.ask("What is the maximum output current of the fan ports on the "
                               "KX-9 board?", with_model=False).result()
    assert answer.grounded and "1 A" in answer.text, answer.text


def test_a_value_of_a_sibling_board_named_in_passing_is_refused(board_library):
    # The KX-9 manual names the KX12 once, in a note on a pin both boards share; its heater
    # current is the KX-9's, and no page states the KX12's.
    stream = board_library.ask("What is the maximum current of the KX12 heater port?")
    assert stream.refused, [(h.file, h.page) for h in stream.sources]
    assert "current" in stream.composed.text, stream.composed.text
    answer = board_library.ask("What is the maximum current of the KX-9 heater port?",
                               with_model=False).result()
    assert answer.grounded and "5 A" in answer.text, answer.text


def test_a_list_items_neighbour_does_not_name_its_subject(board_library):
    # "hardware address: 00" is the motor driver's; the item before it lists an I2C port.
    stream = board_library.ask("What is the I2C address of the AT24C32 EEPROM?")
    assert stream.refused and "address" in stream.composed.text, stream.composed.text
    answer = board_library.ask("What hardware address does the TMC2209 motor driver use?",
                               with_model=False).result()
    assert answer.grounded and "address: 00" in answer.text, answer.text


def test_a_current_of_a_part_the_question_names_is_not_another_ports_current(library,
                                                                            tmp_path):
    # The KX-9's specifications state the fan ports' output current, not the current of its
    # onboard TMC2209 driver, which the question names: no stated value is about it.
    _with_manual(library, tmp_path, "KX-9", ["KX-9 specifications\n" + SPECIFICATIONS])
    stream = library.ask("What is the maximum output current of the KX-9's onboard TMC2209 "
                         "motor driver?")
    assert stream.refused and "current" in stream.composed.text, stream.composed.text
    answer = library.ask("What is the maximum output current of the KX-9 fan ports?",
                         with_model=False).result()
    assert answer.grounded and "1A" in answer.text, answer.text


def test_a_part_code_printed_with_its_number_first_still_names_the_values_subject(library,
                                                                                 tmp_path):
    # The question types "NTC100K"; the manual prints "100K NTC": the voltage is that
    # thermistor input's, and answers.
    _with_manual(library, tmp_path, "KX-9", [
        "KX-9 thermistor inputs\nThe 100K NTC thermistor input TH0 is pulled up to 3.3 V "
        "through a 4.7K resistor."])
    answer = library.ask("What voltage is the KX-9 NTC100K thermistor input pulled up to?",
                         with_model=False).result()
    assert answer.grounded and "3.3 V" in answer.text, answer.text


def test_a_download_speed_no_page_states_is_refused_naming_it(board_library):
    # The programmer's manual says how it writes an image, never how fast.
    stream = board_library.ask("How fast does the WL-5 programmer download, in KB/s?")
    assert stream.refused and "data rate" in stream.composed.text, stream.composed.text


# A trade glossary: each printed line opens a definition, as the FAA glossary's pages do.
GLOSSARY_ENTRIES = [
    ["Air bleed. A small hole in the fuel passage of a carburetor that lets air into the fuel.",
     "Air cooling. The removal of heat from an engine by air flowing over its fins.",
     "Bleed valve. A valve that lets compressed air out of the compressor at low speed.",
     "Brake horsepower. The power an engine delivers at its crankshaft.",
     "Compressor. The part of a turbine engine that raises the pressure of the intake air.",
     "Crankshaft. The shaft that turns the motion of the pistons into rotation.",
     "Cylinder. The chamber in which a piston moves up and down.",
     "Detonation. Fuel burning explosively in the cylinder instead of smoothly.",
     "Exhaust valve. The valve through which burnt gases leave the cylinder.",
     # A definition whose value sentence names neither the term nor the question's words.
     "Interference angle. The difference of two cut angles, of a poppet's face and its seat. "
     "It is between 0.5º and 1º, so that the two meet on a thin line."],
    ["Fuel pump. A pump that moves fuel from the tank to the carburetor.",
     "Gear pump. A pump moving oil between the teeth of two meshing gears.",
     "Heater. A device that warms the carburetor intake air to prevent icing.",
     "Horsepower. A unit of power: 33,000 foot-pounds of work done in one minute.",
     "Ignition. Setting the fuel and air mixture in the cylinder on fire with a spark.",
     "Intake valve. The valve through which the fuel and air mixture enters the cylinder.",
     "Line. A tube or hose that carries fuel, oil or air between engine parts.",
     "Magneto. A generator that makes the high voltage for the spark plugs.",
     "Oil filter. A part that removes dirt from the oil before it reaches the bearings."],
    ["Piston. The part that moves in the cylinder and pushes on the connecting rod.",
     "Propeller. Blades turned by the engine that pull the aircraft through the air.",
     "Scavenge pump. A pump that returns oil from the engine sump to the oil tank.",
     "Spark plug. The part that makes the spark which lights the mixture in the cylinder.",
     "Starter. A motor that turns the engine until it runs on its own.",
     "Supercharger. A compressor that forces more air into the cylinders.",
     "Throttle. The valve that sets how much mixture the engine takes in.",
     "Turbine. The wheel the hot exhaust gases turn to drive the compressor.",
     "Vapor lock. Fuel boiling in a fuel line so that vapor stops its flow."],
    ["Air filter. A screen that keeps dust out of the carburetor intake air.",
     "Bearing. A part that carries a turning shaft with little friction.",
     "Carburetor. The device that mixes fuel with the intake air.",
     "Choke. A valve that richens the mixture for a cold start.",
     "Cooling fins. Thin plates on a cylinder that carry heat into the air.",
     "Firewall. The wall between the engine and the cabin that stops a fire.",
     "Oil pressure. The pressure the oil pump keeps in the engine's oil lines.",
     "Primer. A small pump that sprays fuel into the cylinders before a start.",
     "Water injection. Spraying water into the intake air to cool the mixture."],
]


@pytest.fixture
def glossary_library(library, tmp_path):
    # Each definition padded to the writer's line width, so each printed line opens one.
    pages = ["".join(entry.ljust(90) for entry in page) for page in GLOSSARY_ENTRIES]
    glossary = write_pdf(tmp_path / "engine glossary.pdf", pages)
    list(library.ingest([glossary, write_pdf(tmp_path / "P-101 pump manual.pdf",
                                             PUMP_MANUAL)]))
    return library


def test_a_how_to_only_a_glossary_meets_is_refused(glossary_library):
    # The glossary holds every word of the question; it says what an air bleed is, not how to
    # bleed a car's brakes, nor how to fix a water heater.
    stream = glossary_library.ask("How do I bleed the air out of my car's brake lines?")
    assert stream.refused and "only define" in stream.composed.text, stream.composed.text
    stream = glossary_library.ask("How can I fix a water heater that does not light?")
    assert stream.refused and "only define" in stream.composed.text, stream.composed.text
    answer = glossary_library.ask("What is an air bleed in a carburetor?",
                                  with_model=False).result()
    assert answer.grounded and "small hole in the fuel passage" in answer.text, answer.text
    answer = glossary_library.ask("Why does vapor lock stop the fuel?", with_model=False).result()
    assert answer.grounded and "Fuel boiling in a fuel line" in answer.text, answer.text


def test_a_procedure_asked_of_glossary_pages_and_one_other_manuals_page_is_refused(
        glossary_library):
    # "What's the procedure for" asks how to, as "how do I" does. The best pages are the
    # glossary's, with one page of the pump manual sharing "strainer" among them: still only
    # definitions meet it.
    stream = glossary_library.ask("What's the procedure for cleaning the oil filter and the "
                                  "pump's strainer?")
    assert stream.refused and "only define" in stream.composed.text, stream.composed.text


def test_a_value_in_a_definition_is_the_value_of_its_term(glossary_library):
    # "What blade angle does a feathering propeller move to?" was refused: the FAA glossary's
    # "approximately 90º" sits two lines under "Feathering propeller.", and its own sentence
    # names no word of the question. In a glossary, every value of a definition is its term's.
    answer = glossary_library.ask("How many degrees is the interference angle of an engine "
                                  "valve?", with_model=False).result()
    assert answer.grounded and "0.5º and 1º" in answer.text, answer.text
    stream = glossary_library.ask("What angle is the magneto's contact breaker cam ground to?")
    assert stream.refused and "angle" in stream.composed.text, stream.composed.text


def test_a_question_asking_a_things_name_and_its_fix_is_answered_from_a_glossary(
        glossary_library):
    # Half of it is the glossary's: what the thing is called. "Fuel line" names no length.
    answer = glossary_library.ask("The fuel boils in the fuel line and stops its flow. What is "
                                  "that called and how do I fix it?", with_model=False).result()
    assert answer.grounded and "Vapor lock" in answer.text, answer.text


# A driver timing table whose note gives the unit once; its rows state bare numbers.
TIMING_TABLE = """# Stepper driver timing

Times listed are in nanoseconds (ns).

Driver Step Time Step Space Direction Hold
KD-2 1900 1900 650
KD-3 500 4000 20000
KD-4 200 200 200
"""


def test_a_value_in_a_table_that_gives_its_unit_once_is_answered(library, tmp_path):
    table = tmp_path / "driver timing.md"
    table.write_text(TIMING_TABLE, encoding="utf-8")
    list(library.ingest([table]))
    answer = library.ask("KD-2 驱动器的步进间隔是多少纳秒？", with_model=False).result()
    assert answer.grounded and "KD-2 1900 1900 650" in answer.text, answer.text


def test_a_tables_unit_given_on_its_first_page_holds_for_its_rows_on_the_next(library,
                                                                                tmp_path):
    pages = ["Stepper driver timing\nEnter these in the setup wizard for each axis.\n"
             "Times listed are in nanoseconds (ns).\n"
             "Driver Step Time Step Space Direction Hold\nKD-2 1900 1900 650\nKD-3 500 4000 20000\n"
             "Slow optocouplers on the breakout board lengthen every time.\n"
             "Start high and lower the times while the motors run cleanly.",
             "The drives of the KD series that follow share one connector.\n"
             "Each was measured with the shortest cable we sell.\n"
             "Leadshine M542 700 700 300 Falling\nMX-800 2500 2500 900 Rising\n"
             "Newer drives print their times on the side label.\n"
             "A drive missing here was never measured by us."]
    list(library.ingest([write_pdf(tmp_path / "driver timing.pdf", pages, keep_lines=True)]))
    answer = library.ask("MX-800 驱动器的步进间隔是多少纳秒？", with_model=False).result()
    assert answer.grounded and "MX-800 2500 2500 900" in answer.text, answer.text


def test_a_value_in_a_parts_list_is_of_the_kit_its_caption_names(library, tmp_path):
    # The kit is named only in the caption above the list's header: the rows are its parts.
    page = ("Frame (KIT3)\nDescription Part # Qty\n2020 extrusion 370mm VB-FR-370 12\n"
            "2020 extrusion 290mm VB-FR-290 4\nCorner cube VB-FR-CC 8\n"
            "Hardware (KIT4)\nDescription Part # Supplier Qty\n"
            "10mm M5 cap socket screw VB-HW-M5-10 McMaster 36\n"
            "30mm M5 cap socket screw VB-HW-M5-30 McMaster 6\n"
            "20mm M3 hex socket screw VB-HW-M3-20 McMaster 9")
    list(library.ingest([write_pdf(tmp_path / "printer bill of materials.pdf", [page],
                                   keep_lines=True)]))
    answer = library.ask("What length are the M5 cap socket screws of KIT4?",
                         with_model=False).result()
    assert answer.grounded and "10mm M5 cap socket screw" in answer.text, answer.text
    # "M3x20" is a screw's thread and length, which the list prints as "20mm M3": no model.
    answer = library.ask("kit4 m3x20 screw qty?", with_model=False).result()
    assert answer.grounded and "20mm M3 hex socket screw" in answer.text, answer.text


def test_a_pin_named_like_a_unit_states_no_value(library, tmp_path):
    # "MS3/2 MS2/1" are a driver's mode pins: "3/2 MS" read as two milliseconds answered how
    # long the board waits in DFU mode, which the manual never says.
    page = ("Driver jumpers\nFor the DFU mode and the step mode the pins are set as below "
            "0V 0V 0V 0V\nRST MS3/2 MS2/1 MS1/0\nSLP 3.3V 3.3V 3.3V")
    list(library.ingest([write_pdf(tmp_path / "controller board manual.pdf", [page],
                                   keep_lines=True)]))
    stream = library.ask("If I leave the board in DFU mode, after how many seconds does it "
                         "time out?")
    assert stream.refused and "time" in stream.composed.text, stream.composed.text
    time = asked_quantity("How many seconds does the board wait?")
    assert not states_value(time, "RST MS3/2 MS2/1 MS1/0")
    assert states_value(time, "It waits 2 ms") and states_value(time, "3 s before it restarts")
    assert "mani" not in subject_words("after how many seconds does DFU mode time out?", time)


def test_a_code_whose_last_zero_the_page_prints_as_the_letter_o_is_held(library, tmp_path):
    # The Octopus manual's DRV8825 table heads a column "MODEO": asked by "MODE0", its rows
    # were refused as naming a product the library does not hold.
    page = ("Appendix: DRV8825 microstep settings\nMODE2 MODE1 MODEO Microstep Excitation\n"
            "L L L Full step 2 phase\nL L H 1/2 1-2 phase\nL H L 1/4 W1-2 phase\n"
            "L H H 1/8 2W1-2 phase\nH L L 1/16 4W1-2 phase")
    list(library.ingest([write_pdf(tmp_path / "controller board manual.pdf", [page],
                                   keep_lines=True)]))
    answer = library.ask("Which MODE2, MODE1 and MODE0 levels select 1/8 microstepping on the "
                         "DRV8825?", with_model=False).result()
    assert answer.grounded and "L H H 1/8" in answer.text, answer.text


def test_a_tables_second_header_line_is_no_caption():
    # A header printed on two lines: its first line is no title of the rows.
    page = ("Driver chip MODE2 MODE1 MODE0 Microstep Excitation Mode\n"
            "Model Supply voltage Max current Pins Steps\n"
            "DRV8825 8.2V-45V 2.5A L L L 1/32\nTMC2209 4.75V-29V 2A L H L 1/8")
    assert table_caption(page, page.index("TMC2209")) == ""
    listed = "Hardware (KIT4)\nDescription Part # Qty\n10mm M5 screw VB-HW-M5-10 36\n"
    assert table_caption(listed, listed.index("10mm")) == "Hardware (KIT4)"


# A mixer's manual of ten pages, each naming the mixer: its motor's current is the only value.
MIXER_MANUAL = [
    "ZX-3 dough mixer. Read this manual before the mixer is first used.",
    "Mixer drive. The mixer motor draws 7 A at full load.",
    "Mixer safety. The door interlock stops the mixer when the lid opens. Replace a blown "
    "interlock fuse with one of the same type.",
    "Mixer cleaning. Clean the bowl of the mixer after each shift.",
    "Mixer bowl. Lift the bowl out of the mixer with both hands.",
    "Mixer hook. Fit the dough hook before the mixer is started.",
    "Mixer speeds. The mixer has a slow and a fast speed.",
    "Mixer lubrication. Grease the gearbox of the mixer once a year.",
    "Mixer storage. Cover the mixer when it is not in use.",
    "Mixer service. Only a trained technician opens the mixer's housing.",
]


def test_the_word_a_manual_writes_on_every_page_is_no_values_subject(library, tmp_path):
    # "mixer" is on every page: the motor's 7 A is no answer for the interlock fuse.
    list(library.ingest([write_pdf(tmp_path / "ZX-3 manual.pdf", MIXER_MANUAL)]))
    stream = library.ask("What is the rated current of the door interlock fuse on the mixer?")
    assert stream.refused and "current" in stream.composed.text, stream.composed.text
    answer = library.ask("What current does the mixer motor draw?", with_model=False).result()
    assert answer.grounded and "7 A" in answer.text, answer.text


def test_a_chinese_word_jieba_cuts_counts_as_the_library_names_it(library, tmp_path):
    # jieba cuts 八爪鱼 (the Octopus board) into 八爪 and 鱼; read whole it is "octopus".
    board = write_pdf(tmp_path / "Octopus board manual.pdf", [
        "Octopus controller board. The Octopus takes three power inputs: board power, motor "
        "power and bed heater power.",
        "Octopus wiring. Connect the stepper motors to the driver sockets of the board."])
    list(library.ingest([board]))
    answer = library.ask("八爪鱼主板要接几路电源？", with_model=False).result()
    assert answer.grounded and "three power inputs" in answer.text, answer.text


def test_the_product_named_in_the_file_name_is_no_values_subject(library, tmp_path):
    # Every sentence of the KX-9 controller's manual is about the controller: its 2 A supply
    # current is no answer for the fuse, whose rating the manual never gives.
    manual = write_pdf(tmp_path / "KX-9 controller manual.pdf", [
        "Supply. The controller draws 2 A from the 24 V supply.",
        "Protection. A blown fuse is replaced with one of the same type."])
    list(library.ingest([manual]))
    stream = library.ask("What is the rated current of the controller's fuse?")
    assert stream.refused and "current" in stream.composed.text, stream.composed.text


# A mill controller's settings note: the settings, G-codes and cards it covers, and no others.
MILL_SETTINGS = """# MX-4 mill controller settings

## Soft limits

Set $20=1 to turn soft limits on; homing must be enabled first with $22=1. Page 21 of the
wiring guide shows the limit switch pins.

## Probing

G38.2 probes toward the workpiece and stops on contact.

## I/O card

The 7i92 card carries the step and direction outputs of all four axes.
"""


def test_a_setting_g_code_or_card_no_page_writes_is_refused_naming_it(library, tmp_path):
    note = tmp_path / "MX-4 settings.md"
    note.write_text(MILL_SETTINGS, encoding="utf-8")
    list(library.ingest([note]))
    # The note's "21" is a page number: the setting "$21" is not the "21" of anything else.
    for question, code in [("MX-4 的硬限位怎么用 $21 参数打开？", "$21"),
                           ("Does G33.1 stop on contact with the workpiece on the MX-4?", "G33.1"),
                           ("Which axes does the 7i76E card of the MX-4 drive?", "7i76E"),
                           ("Which axes does the MX-4's 9SX card drive?", "9SX")]:
        stream = library.ask(question)
        assert stream.refused and code in stream.composed.text, stream.composed.text
    # What the note writes is answered, whichever case it is typed in.
    answer = library.ask("MX-4 soft limits: how do I turn on $20?", with_model=False).result()
    assert answer.grounded and "$20=1" in answer.text, answer.text
    answer = library.ask("what does g38.2 do on the MX-4?", with_model=False).result()
    assert answer.grounded and "stops on contact" in answer.text, answer.text
    answer = library.ask("Which axes does the 7i92 card drive?", with_model=False).result()
    assert answer.grounded and "all four axes" in answer.text, answer.text


def test_a_model_led_by_digits_is_a_code_and_a_value_with_its_unit_is_not():
    assert asked_codes("Eaton 9SX 3000 with a Network-M2 card - which driver?") == ["9SX"]
    assert asked_codes("Does the 24V fan on the 3D printer need a 5A fuse, 5TH time asking?") == []
    assert asked_codes("belkin F6C150-RKM-2U cable pinout") == []


# A board whose heater port states its current and mentions its fuse, and whose bed output's
# fuse states its rating.
FUSED_BOARD = [
    "Heater port HE0: maximum output current 10A. The port is protected by a replaceable fuse "
    "on the board.",
    "Bed output: maximum output current 12A. Fuse F2 on the bed output is rated 15A.",
]


def test_a_fuse_rating_is_not_the_current_of_the_port_it_protects(library, tmp_path):
    list(library.ingest([write_pdf(tmp_path / "heater board manual.pdf", FUSED_BOARD)]))
    for question, refusal in [("What fuse rating protects heater port HE0?", "current"),
                              ("HE0 加热口的保险丝额定电流是多少？", "电流")]:
        stream = library.ask(question)
        assert stream.refused and refusal in stream.composed.text, stream.composed.text
    answer = library.ask("What is the fuse rating of the bed output?", with_model=False).result()
    assert answer.grounded and "15A" in answer.text, answer.text


TOOLBOARD = [
    "KX-5 toolboard specifications. Input voltage: DC12V-DC24V. Outline: 51.5mm x 37mm. "
    "Heater output HE0: up to 5A.",
    "KX-5 cooling. Fan ports FAN0 and FAN1 drive the part cooling fans; set their speed in "
    "the printer configuration.",
]


def test_a_values_subject_in_words_the_manual_never_writes_is_answered(library, tmp_path):
    # "supply" and "accept" are the technician's words: no page of the manual writes them, so
    # no sentence of it could name them, and its input voltage answers. "fan" it writes on
    # another page: the input voltage is no answer for the fan port's.
    list(library.ingest([write_pdf(tmp_path / "KX-5 toolboard manual.pdf", TOOLBOARD)]))
    answer = library.ask("What supply voltage range does the KX-5 accept?",
                         with_model=False).result()
    assert answer.grounded and "DC12V-DC24V" in answer.text, answer.text
    stream = library.ask("What voltage do the KX-5 fan ports put out?", with_model=False)
    assert stream.refused and "voltage" in stream.composed.text, stream.composed.text


def test_a_temperature_asked_of_a_fuse_is_its_temperature_not_its_current(library, tmp_path):
    # "fuse" asked for a current: the thermal fuse's 120°C was refused as no current.
    list(library.ingest([write_pdf(tmp_path / "printer bill of materials.pdf", [
        "Optional electronics: Thermal protection fuse (120°C), 230V SSR relay."])]))
    for question in ("What temperature rating is the thermal protection fuse?",
                     "热保护保险丝是多少度的？"):
        answer = library.ask(question, with_model=False).result()
        assert answer.grounded and "120°C" in answer.text, (question, answer.text)


def test_a_word_of_a_several_word_rendering_alone_names_no_subject(library, tmp_path):
    # 主板 renders as "controller board": its "controller" alone matched the "main control
    # chip" whose 180MHz is no fan port's PWM frequency.
    list(library.ingest([write_pdf(tmp_path / "KX-8 manual.pdf", [
        "KX-8 specifications.\n1. Uses a 32-bit STM32F446ZET6 main control chip with a core "
        "frequency of 180MHz.\n"
        "2. Six PWM fan ports FAN0 to FAN5 for the part cooling and hotend fans."])]))
    stream = library.ask("KX-8 主板风扇口的 PWM 频率是多少？", with_model=False)
    assert stream.refused and "频率" in stream.composed.text, stream.composed.text
    answer = library.ask("KX-8 的主控芯片主频是多少？", with_model=False).result()
    assert answer.grounded and "180MHz" in answer.text, answer.text


def test_a_product_named_after_chinese_text_picks_the_manuals_a_value_may_come_from(
        library, tmp_path):
    # "Klipper" opens no sentence after "跑": it names the product (though a toolboard's manual
    # writes it too), and the LinuxCNC guide's 4GB Raspberry Pi is no memory the Klipper host
    # needs.
    list(library.ingest([
        write_pdf(tmp_path / "Klipper host guide.pdf", [
            "The Klipper host software runs on a Raspberry Pi. A low-end host needs hardware "
            "double-precision floating point."]),
        write_pdf(tmp_path / "LinuxCNC install guide.pdf", [
            "The LinuxCNC SD image runs on the Raspberry Pi 4 with 4GB of memory."]),
        write_pdf(tmp_path / "toolboard manual.pdf", [
            "Flash Klipper to the toolboard over USB.", "Klipper reads the toolboard's "
            "thermistor.", "Restart Klipper after wiring the fan."])]))
    stream = library.ask("跑 Klipper 主机的树莓派至少要多大内存？", with_model=False)
    assert stream.refused and "容量" in stream.composed.text, stream.composed.text
    answer = library.ask("跑 LinuxCNC 的树莓派要多大内存？", with_model=False).result()
    assert answer.grounded and "4GB" in answer.text, answer.text


def _answers_from(library, tmp_path, name: str, text: str, *questions: str) -> list:
    """The composed answers to `questions` from a library holding one Markdown note."""
    note = tmp_path / name
    note.write_text(text, encoding="utf-8")
    list(library.ingest([note]))
    return [library.ask(question, with_model=False).result() for question in questions]


# A UPS variable table as a PDF extracts it: wrapped descriptions, the unit in brackets, the
# example value on a line of its own.
UPS_VARIABLES = """# UPS variables

Name Description Example value
battery.charge Battery charge (percent) 100.0
battery.runtime Battery runtime (seconds) 1080
outlet.n.delay.shutdown Interval to wait before shutting down
this outlet (seconds)
180
outlet.n.delay.start Interval to wait before restarting this
outlet (seconds)
120
ambient.n.temperature.high.critical Temperature threshold high critical
(degrees C)
60
"""


def test_a_value_given_after_its_unit_in_a_table_row_is_answered(library, tmp_path):
    [answer] = _answers_from(library, tmp_path, "ups variables.md", UPS_VARIABLES,
                             "Which variable holds the critical high temperature threshold of "
                             "the ambient probe, and what temperature does the table give?")
    assert answer.grounded and "60" in answer.text, answer.text
    assert "ambient.n.temperature.high.critical" in answer.text, answer.text


def test_a_time_in_seconds_does_not_say_how_many_years_a_part_lasts(library, tmp_path):
    [answer] = _answers_from(library, tmp_path, "ups variables.md", UPS_VARIABLES,
                             "How many years does the UPS battery last before it needs "
                             "replacing?")
    assert not answer.grounded and "time" in answer.text, answer.text


DEBOUNCE_NOTE = """# Limit switch wiring

Debounce a bouncing limit switch with a single capacitor across the signal and common lines,
or with a dedicated debouncing chip. The software debounce delay is 5 to 15 ms.

The pull-up resistor on each input is 4.7K.
"""


def test_a_part_value_no_page_states_is_refused_naming_it(library, tmp_path):
    capacitor, resistor = _answers_from(
        library, tmp_path, "limit switches.md", DEBOUNCE_NOTE,
        "What capacitor value should I put across the limit switch for debouncing?",
        "What resistor value is the pull-up on each limit switch input?")
    assert not capacitor.grounded and "capacitance" in capacitor.text, capacitor.text
    assert resistor.grounded and "4.7K" in resistor.text, resistor.text


HUB_BOARD_SPEC = """# HB-3 toolboard specifications

Input voltage: DC12V-DC24V
Heater (HE0): maximum output current 6A
Fans (FAN1, FAN2): maximum output current 1A
USB hub: three USB2.0 ports for a camera or an accelerometer
"""


def test_an_output_current_of_a_port_no_line_rates_is_refused(library, tmp_path):
    port, heater = _answers_from(library, tmp_path, "HB-3 specifications.md", HUB_BOARD_SPEC,
                                 "How much current can each USB2.0 port output at most?",
                                 "What is the maximum output current of the heater?")
    assert not port.grounded and "current" in port.text, port.text
    assert heater.grounded and "6A" in heater.text, heater.text


def test_a_value_stated_where_a_page_foots_sentence_goes_on_is_found():
    """The retrieved page ends "...copy firmware.bin to the SD" and the next page, not
    retrieved, goes on "card, then reset the board and wait about 10 seconds.": the time asked
    for is stated, in the sentence the page break cut."""
    pages = {0: "Firmware update\nCompile the firmware, then copy firmware.bin to the SD",
             1: "card, then reset the board and wait about 10 seconds.\nThe LED blinks."}

    def page_text(hit: Hit) -> str:
        return pages.get(hit.page_index, "")

    foot = pages[0]
    hit = Hit(doc_id="x", file="X-200 manual.pdf", path="/m/X-200 manual.pdf", page=1,
              label=None, score=0.8, text=foot, start=0, end=len(foot), page_index=0)
    question = "After copying firmware.bin to the SD card, how many seconds do I wait after " \
               "the reset?"
    evidence = [evidence_for(question, hit, foot)]
    everywhere = {"firmware", "bin", "card", "reset", "wait", "copy", "second"}

    def pages_with(term: str, prefix: bool = False) -> set[tuple[str, int]]:
        return {("x", 0)} if term in everywhere else set()

    files = {"x": "X-200 manual.pdf"}
    lack = missing(question, evidence, pages_with, files)
    assert lack is not None and lack.kind == "value"
    assert missing(question, evidence, pages_with, files,
                   carry=lambda item: carried_over(item, page_text)) is None


def test_a_code_whose_entry_is_retrieved_is_answered_whatever_it_came_from(library, tmp_path):
    # "from my CAM": CAM is only in another manual, but the error table holds error 34's row.
    table = tmp_path / "controller_error_codes.csv"
    table.write_text("Error Code,Error Message,Error Description\n"
                     "33,Invalid target,Motion command target is invalid.\n"
                     "34,Arc radius error,Arc radius value is invalid for the arc given.\n",
                     encoding="utf-8")
    cam = write_pdf(tmp_path / "shop CAM guide.pdf", [
        "CAM post-processors: pick the post for your mill before exporting toolpaths.",
        "CAM stock setup: measure the blank and set the work origin in the CAM job."])
    manual = write_pdf(tmp_path / "controller manual.pdf", [
        "Controller errors: the controller stops and reports error codes on the serial line.",
        "Arc moves: G2 and G3 arcs need a radius or centre offsets; an error stops the move.",
        "Error reporting: each error code has a message; look it up in the error code table.",
        "Arc moves that stop with an error: check the radius in the G-code line.",
        "Error 33 or 34 after a reset: clear the error, then run the line again.",
        "Stopped moves: an error stops the controller until it is reset."])
    list(library.ingest([table, cam, manual]))
    answer = library.ask("The controller stops on an arc move from my CAM with error:34. "
                         "What does that code mean?", with_model=False).result()
    assert answer.grounded and "Arc radius" in answer.text, answer.text


# A driver jumper table as a PDF extracts it: the narrow first column wraps each driver's cell
# (its name, its microstepping, its supply range and current) over the rows of its pins.
DRIVER_TABLE = """# Driver jumper tables

Driver MODE2 MODE1 MODE0 Microstep
L L L Full
DRV8825 L H L 1/4
max 1/32 L H H 1/8
8.2V-45V2.5A H L L 1/16
A4988 L L H 1/2
max 1/16 H H H 1/16
"""


def test_a_value_in_a_wrapped_table_cell_is_the_model_above_it(library, tmp_path):
    # The Octopus manual's DRV8825 current sits two rows under the driver's name: read with
    # one row above, it named no DRV8825 and the question was refused.
    drv8825, a4988 = _answers_from(library, tmp_path, "driver tables.md", DRIVER_TABLE,
                                   "What current does the driver table list for the DRV8825?",
                                   "What current does the driver table list for the A4988?")
    assert drv8825.grounded and "2.5A" in drv8825.text, drv8825.text
    assert not a4988.grounded and "current" in a4988.text, a4988.text


def test_a_two_word_name_a_chinese_page_renders_whole_is_on_that_page():
    """The EBB36's Chinese manual writes the Raspberry Pi as "树莓派": "How do I compile Klipper
    for the EBB36 on the Raspberry Pi?" was refused as beside its pages, since "Raspberry" is
    on none of them and other manuals name it."""
    page = "1. ssh 连接到树莓派后，在命令行输入：\ncd ~/klipper/\nmake menuconfig"
    hit = Hit(doc_id="zh", file="EBB36 manual zh.pdf", path="/m/EBB36 manual zh.pdf", page=13,
              label=None, score=0.8, text=page, start=0, end=len(page), page_index=12)

    def pages_with(term: str, prefix: bool = False) -> set[tuple[str, int]]:
        return {("en", 3), ("en", 5)} if term.split()[0] in ("raspberry", "pi") else set()

    question = "How do I compile Klipper for the EBB36 on the Raspberry Pi?"
    assert uncovered_term(question, [evidence_for(question, hit, page)], pages_with) is None
    question = "How do I compile Klipper for the EBB36 on the Raspberry board?"
    assert uncovered_term(question, [evidence_for(question, hit, page)], pages_with) == (
        "Raspberry", True)


@pytest.mark.parametrize("quantity", QUANTITIES, ids=lambda quantity: quantity.name)
def test_a_chinese_refusal_names_the_missing_quantity_in_chinese(quantity):
    # "资料库中没有页面给出所问的angle数值": a step angle asked in Chinese was refused naming the
    # quantity in English.
    text = refusal_text(Missing("value", quantity.name, ("manual.pdf",)), "zh")
    assert quantity.name not in text and "数值" in text
