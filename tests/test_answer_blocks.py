"""The answer holds the lines a chosen sentence needs beside it.

A PDF sentence wrapped over short lines is answered whole, not from its first half; a sentence
that introduces a config listing brings the listing; a value in a bulleted list comes with its
siblings; running headers and section titles never lead. The pages are made here and ranked
with the real search model, as the composed answer ranks them.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from index.sentences import Span, sentences
from kernel.types import Hit
from laoshifu.answer.blocks import joined, leads_after
from laoshifu.answer.compose import compose_spans
from laoshifu.answer.evidence import evidence_for
from laoshifu.answer.spans import (
    MAX_LINES,
    Candidate,
    can_lead,
    choose,
    rank_spans,
    step_number,
    with_block,
)
from laoshifu.answer.tables import is_row

WRAPPED = ("Typical problems\n"
           "Note:\n"
           "(1) For CH32 series chips, if the download is not \n"
           "successful, you can enter BOOT mode (BOOT0 to \n"
           "VCC, BOOT1 to GND) and download through Link. \n"
           "(2) Erase the whole user area with the utility when the debug port is disabled.\n")
CONFIG = ("4.3.2 Using the RPI-CAN HAT\n"
          "The HAT is read by the kernel driver mcp2515. Add the following lines to "
          "/boot/config.txt:\n"
          "dtparam=spi=on\n"
          "dtoverlay=mcp2515-can0,oscillator=12000000,interrupt=25\n"
          "Save the file and reboot the Raspberry Pi.\n")
REQUIREMENTS = ("2.1 Minimum Requirements\n"
                "LinuxCNC should run reasonably well on a computer with the following minimum "
                "hardware specification for most stepper systems.\n"
                "• 700 MHz x86 processor (1.2 GHz x86 processor recommended) or better.\n"
                "• 512 MB or more of RAM\n"
                "• 8 GB hard disk\n"
                "• Graphics card capable of at least 1024x768 resolution.\n"
                "Getting Started V2.9 4 / 55\n")
# The list comes after a sentence that is not its introduction.
HARDWARE = ("Hardware Requirements\n"
            "LinuxCNC runs reasonably well on a computer with the following minimum hardware "
            "configuration.\n"
            "These numbers are not the absolute minimum but give reasonable performance.\n"
            "• 700 MHz x86 processor or Raspberry Pi 4 or better.\n"
            "• 512 MB or more of RAM\n"
            "• 8 GB hard disk\n"
            "The Configuration Selector copies the configuration files of a sample configuration "
            "into a new config folder.\n")
# A table as PDF extraction gives it: a caption, a header line, one line of cells a row.
PINOUT = ("The Link provides a JTAG interface with TMS, TCK, TDI and TDO wires for debugging CPUs, "
          "DSPs and FPGAs.\n"
          "Table 6 Common chip pin connections\n"
          "Common chip models SWDIO SWCLK\n"
          "CH569 PA11 PA10\n"
          "CH579 PB16 PB17\n"
          "CH32V003 PD1 -\n"
          "Table 7 STM32F10xxx JTAG interface pinout\n"
          "JTAG interface pin name JTAG debug interface Pinout\n"
          "TMS JTAG mode selection PA13\n"
          "TCK JTAG clock PA14\n"
          "TDI JTAG data input PA15\n"
          "TDO JTAG data output PB3\n"
          "Notes:\n")
CABLE = ("3.1.3 NMC DB9-RJ45 cable\n"
         "The following applies to the MGE 66102 NMC (Network Management Card). The NMC "
         "connection is an 8P8C RJ45-style jack.\n"
         "Signal PC NMC\n"
         "TxD 2 3\n"
         "RxD 3 6\n"
         "GND 5 4\n"
         "3.1.4 USB-RJ45 cable\n"
         "This cable is used also on the more recent models.\n")
# Two sections say the same words; only their titles tell which adapter each is for.
TWO_ADAPTERS = ("4.3.1 Using the USB-CAN adapter\n"
                "1. Open the file /boot/config.txt and add the following lines:\n"
                "dtoverlay=gs_usb\n"
                "2. Save the file and reboot the Raspberry Pi.\n"
                "4.3.2 Using the RPI-CAN HAT\n"
                "1. Open the file /boot/config.txt and add the following lines:\n"
                "dtparam=spi=on\n"
                "2. Save the file and reboot the Raspberry Pi.\n")


def _answer(search_models, question: str, page: str):
    hit = Hit(doc_id="d1", file="manual.pdf", path="/m/manual.pdf", page=4, label=None,
              score=0.8, text=page, start=0, end=len(page))
    item = evidence_for(question, hit, page).numbered(1, [])
    encoder = search_models.encoder
    ranked = rank_spans(question, [item], encoder.embed, encoder.embed_query)
    return compose_spans(choose(question, ranked, lambda _hit: None))


def _assert_shows_all(composed, parts: tuple[str, ...]) -> None:
    """Every part the question needs is in the answer, and the answer keeps to the line cap."""
    for part in parts:
        assert part in composed.text, composed.text
    assert len(composed.lines) <= MAX_LINES


def test_a_sentence_wrapped_over_short_lines_answers_whole(search_models):
    units = joined(WRAPPED, sentences(WRAPPED))
    assert any(" ".join(u.text.split()).startswith("(1) For CH32 series chips, if the download "
                                                   "is not successful, you can enter BOOT mode "
                                                   "(BOOT0 to VCC, BOOT1 to GND)") for u in units)
    composed = _answer(search_models, "Download to the CH32 fails: what do I set BOOT0 and "
                                      "BOOT1 to?", WRAPPED)
    assert "BOOT0 to VCC, BOOT1 to GND" in composed.text, composed.text
    assert all(WRAPPED[c.start:c.end] == c.quote for c in composed.citations), \
        "each quote is the page's own text at its offsets"


# The LinuxCNC integrator's supply voltage rule and its worked example.
HEADROOM = ("The first limitation to the maximum power supply voltage is what the stepper driver "
            "itself is capable of withstanding.\n"
            "Ideally the power supply voltage should be chosen with a degree of headroom that "
            "falls under this maximum voltage limit of around 10%.\n"
            "If, for example a stepper driver has a Vmax rating of 80 VDC, the maximum power "
            "supply voltage should be limited to 72 VDC.\n"
            "Excessive motor supply voltage also leads to heat rise in the motor windings.\n")


def test_an_example_is_shown_with_the_rule_it_illustrates(search_models):
    # "If, for example ..." states the value asked for; the rule it illustrates, the line
    # before, says the headroom is about 10 %.
    composed = _answer(search_models, "driver is rated 80V max - biggest psu voltage I should "
                                      "run?", HEADROOM)
    assert "72 VDC" in composed.text and "around 10%" in composed.text, composed.text


# The Voron manual's page 4 as PyMuPDF reads it: the value goes on the next line.
VALUE_WRAPPED = ("Step 1: Pre-assemble 4 \nlengths of bottom square\nStart with the bottom \n"
                 "square. Take one of the \nextrusions and secure a \ncorner connector on it \n"
                 "using the self tapping \nscrew. Make sure the \nsmaller hole on the cube \n"
                 "is facing up. Tighten it \nslightly, and back it out \n1/8 of a turn so it "
                 "can rotate. \nRepeat for the remaining 3 bottom \nextrusions.\n")


def _joined_lines(page: str) -> list[str]:
    """The page's units after `joined`, each on one line."""
    return [" ".join(unit.text.split()) for unit in joined(page, sentences(page))]


def test_a_value_wrapped_after_a_word_no_sentence_ends_on_is_answered_with_it(search_models):
    units = _joined_lines(VALUE_WRAPPED)
    assert "Tighten it slightly, and back it out 1/8 of a turn so it can rotate." in units
    composed = _answer(search_models, "When pre-assembling the frame corners, how far do I back "
                                      "the screws out?", VALUE_WRAPPED)
    assert "1/8 of a turn" in composed.text, composed.text


# The WCH-Link manual's troubleshooting entry as the loader reads it: the board's name broken
# at one of its hyphens, and the fix two lines on.
HYPHEN_WRAPPED = ("1. Analysis of the cause, may be the WCH-LinkE-R0-\n"
                  "1v3 on the Y1 crystal soldering abnormalities, \n"
                  "resulting in the crystal cannot properly start vibration. \n"
                  "Therefore, you need to re-solder the Y1 crystal. \n")


def test_a_name_broken_at_its_hyphen_is_one_sentence_with_the_line_after():
    # Cut at "R0-", the name's tail "1v3 ..." took one of the lines shown after the cause, and
    # the fix ("re-solder the Y1 crystal") was left out.
    units = _joined_lines(HYPHEN_WRAPPED)
    assert units[0].startswith("1. Analysis of the cause, may be the WCH-LinkE-R0- 1v3 on the "
                               "Y1 crystal"), units
    assert _joined_lines("Speed: -\nNext line.\n") == ["Speed: -", "Next line."]


def test_a_numbered_title_ending_on_a_small_word_stays_apart_from_its_text():
    page = "6.3.2 How you set it up\nNUT user creation\nCreate a user for NUT.\n"
    units = [u.text for u in joined(page, sentences(page))]
    assert units[0] == "6.3.2 How you set it up"


# The NUT user manual's page 48 as the loader reads it: each section title on a line of its own,
# the paragraph under it opening with a command's name in lower case.
TITLED = ("important system while totally ignoring a known trouble spot, for example.\n"
          "7.1.4 Suppressing notify storms\n"
          "upsmon will call your script every time an event happens that has the EXEC flag set. "
          "This means a quick power failure that lasts mere seconds might generate a "
          "notification storm.\n"
          "7.2 The advanced approach, using upssched\n"
          "upssched is a helper for upsmon that will invoke commands for you at some interval "
          "relative to a UPS event.\n")


def test_a_numbered_title_on_its_own_line_is_never_shown_as_the_start_of_a_sentence(
        search_models):
    units = [u.text for u in joined(TITLED, sentences(TITLED))]
    assert "7.1.4 Suppressing notify storms" in units
    appendix = "K.2.2 CentOS 7\nyum install net-snmp-devel before building the snmp driver.\n"
    assert joined(appendix, sentences(appendix))[0].text == "K.2.2 CentOS 7"
    assert units[units.index("7.1.4 Suppressing notify storms") + 1].startswith(
        "upsmon will call your script")
    composed = _answer(search_models, "Why does upsmon send a storm of notifications when the "
                                      "power fails for a few seconds?", TITLED)
    assert "upsmon will call your script" in composed.text, composed.text
    # The section is named only as where the line is from, never as a line's start.
    assert "7.1.4" not in composed.text.replace("(§ 7.1.4 Suppressing notify storms)", "") \
        and "7.2 The advanced" not in composed.text, composed.text


def test_a_sentence_that_introduces_a_listing_brings_it(search_models):
    composed = _answer(search_models, "What must I add to config.txt for the RPI-CAN HAT?",
                       CONFIG)
    assert "dtoverlay=mcp2515-can0,oscillator=12000000,interrupt=25" in composed.text, \
        composed.text
    assert "dtparam=spi=on" in composed.text
    assert not composed.lines[0].startswith("4.3.2"), "the section title never leads"
    assert all("[1]" in line for line in composed.lines), "every line carries its source"


# Klipper's CAN troubleshooting page in Markdown: the sentence splitter keeps the first code
# fence with the command under it, the second fence on a line of its own.
CANDUMP = ("## 获取candump日志\n\n"
           "Linux can-utils 工具提供了捕获软件。通常通过运行以下命令将其安装在计算机上：\n\n"
           "```\nsudo apt-get update && sudo apt-get install can-utils\n```\n\n"
           "安装后，可使用以下命令捕获接口上的所有CAN总线消息：\n\n"
           "```\ncandump -tz -Ddex can0,#FFFFFFFF > mycanlog\n```\n\n"
           "用户可以查看生成的日志文件，以查看Klipper发送和接收的每个原始CAN总线消息。\n")


def test_a_command_in_a_code_block_comes_with_the_sentence_introducing_it():
    # The sentence introducing the install command was shown without it, straight before the
    # next one ("安装后，可使用以下命令捕获..."): the command's unit began with the code fence,
    # and a fence was skipped as a line with nothing to show.
    hit = Hit(doc_id="d1", file="canbus_troubleshooting.md", path="/m/canbus_troubleshooting.md",
              page=None, label=None, score=0.8, text=CANDUMP, start=0, end=len(CANDUMP))
    item = evidence_for("怎样安装 can-utils？", hit, CANDUMP).numbered(1, [])
    intro = next(span for span in item.sentences if span.text.startswith("通常通过"))
    lines = compose_spans([with_block(Candidate(item, intro, 1.0))]).lines
    assert lines[:4] == ["通常通过运行以下命令将其安装在计算机上： [1]",
                         "sudo apt-get update && sudo apt-get install can-utils [1]",
                         "安装后，可使用以下命令捕获接口上的所有CAN总线消息： [1]",
                         "candump -tz -Ddex can0,#FFFFFFFF > mycanlog [1]"], lines


def test_a_value_in_a_list_comes_with_its_siblings(search_models):
    composed = _answer(search_models, "What minimum RAM and hard disk does LinuxCNC need?",
                       REQUIREMENTS)
    assert "512 MB or more of RAM" in composed.text and "8 GB hard disk" in composed.text, \
        composed.text
    assert "4 / 55" not in composed.text, "the running footer is not part of the answer"
    assert len(composed.lines) <= 8, "a list is cut, the rest is on the page"


@pytest.mark.parametrize("line", [
    "Network UPS Tools User Manual 76 / 123", "4.3.2 搭配 BIGTREETECH RPI-CAN HAT 模块使用",
    "2.1 Minimum Requirements", "[1].", "14"])
def test_running_headers_section_titles_and_bare_marks_never_answer(line):
    assert not can_lead(line)


@pytest.mark.parametrize("line", [
    "2. 适用芯片：CH32V003、CH641、CH32V002/4/5/6/7", "最大32细分 L H H 1/8",
    "Release date 14/05/21"])
def test_numbers_around_a_slash_that_are_values_are_no_page_counter(line):
    # Read as "page 6 of 7", the boot-area note's list of chips never answered "which chips".
    assert can_lead(line)


def test_a_numbered_item_closed_by_a_semicolon_is_no_title():
    # The evaluation board's read-protection options: "2 sets read protection; ..."
    assert can_lead("2 为设置芯片读保护，重新上电配置生效；")
    assert not can_lead("2 Network UPS Tools Overview")


def test_a_lettered_list_item_can_answer():
    # The VORON guide's Cura steps are lettered a. to i.; each read as a cut sentence's tail.
    assert can_lead("c. On the Select your machine screen, select Other, and then click Next.")
    assert not can_lead("corner connector on it")


def test_a_command_after_a_colon_can_answer_and_a_cut_tail_cannot():
    assert leads_after("dtparam=spi=on", "Add these lines to config.txt:", can_lead)
    assert leads_after("candump -tz -Ddex can0,#FFFFFFFF > mycanlog", None, can_lead)
    assert not leads_after("corner connector on it", "connect the cable to the", can_lead)


def test_a_context_that_runs_into_a_list_brings_the_whole_list(search_models):
    composed = _answer(search_models, "What minimum computer hardware does LinuxCNC need?",
                       HARDWARE)
    for value in ("700 MHz", "512 MB", "8 GB"):
        assert value in composed.text, composed.text


def test_a_chinese_question_gets_the_list_its_words_translate_to(search_models):
    composed = _answer(search_models, "跑 LinuxCNC 的电脑要什么配置？", HARDWARE)
    assert composed.lines[0].startswith("LinuxCNC runs reasonably well on a computer"), \
        composed.text
    assert "512 MB" in composed.text and "8 GB" in composed.text


def test_a_lines_section_title_says_what_it_is_about(search_models):
    composed = _answer(search_models, "What do I add to config.txt for the RPI-CAN HAT?",
                       TWO_ADAPTERS)
    assert "dtparam=spi=on" in composed.text, composed.text
    assert "gs_usb" not in composed.text, "the USB-CAN adapter's section answers another question"


def test_a_table_row_comes_with_its_header_and_the_rows_of_its_table(search_models):
    composed = _answer(search_models, "Which STM32F10x pins are TDI and TDO in JTAG mode?",
                       PINOUT)
    assert "TDI JTAG data input PA15" in composed.text, composed.text
    assert "TDO JTAG data output PB3" in composed.text
    assert "JTAG interface pin name JTAG debug interface Pinout" in composed.text, \
        "the header says what the cells are"
    assert "PA11" not in composed.text, "the table above is another table"


# The SB2209 manual's product parameters: a table of names and values with no header row,
# right under its section's title.
PARAMETERS = ("1.2 产品参数\n"
              "微处理器 RP2040 Dual ARM Cortex-M0+ @ 133MHz\n"
              "输入电压 DC12V-DC24V 9A\n"
              "逻辑电压 DC3.3V\n"
              "加热接口 加热棒（HE0），最大输出电流：6A\n"
              "DCDC 5V 输出最大电流 1A\n")


def test_a_table_under_a_section_title_is_shown_with_the_title_after_it(search_models):
    composed = _answer(search_models, "SB2209 的加热接口最大输出电流是多少？", PARAMETERS)
    assert "最大输出电流：6A" in composed.text, composed.text
    assert not any(line.startswith("1.2") for line in composed.lines), \
        "an answer never leads with a section title"
    assert "1.2 产品参数" not in composed.text.replace("(§ 1.2 产品参数)", ""), composed.text


JUMPER = ("4.2 POWER WIRING\n"
          "The motherboard takes 12V or 24V on the POWER input terminal.\n"
          "4.3 MCU POWER JUMPER\n"
          "The Octopus can be powered using the USB-C port by inserting the jumper as shown "
          "below.\n"
          "If you do not connect this jumper then you must provide 24V to the POWER input.\n")


def test_the_answers_first_line_names_the_section_right_above_it(search_models):
    # The paragraph never says which jumper: its section's title does, and it is shown after
    # the line as where it is from, never as the answer's start.
    composed = _answer(search_models, "The PC does not see the Octopus over USB-C without the "
                                      "24V supply. Which jumper do I fit?", JUMPER)
    assert composed.lines[0].startswith("The Octopus can be powered using the USB-C port"), \
        composed.text
    assert "(§ 4.3 MCU POWER JUMPER) [1]." in composed.lines[0], composed.text


def test_a_sentence_that_introduces_a_table_brings_its_rows(search_models):
    composed = _answer(search_models, "What is the pinout of the NMC DB9-RJ45 cable?", CABLE)
    for row in ("Signal PC NMC", "TxD 2 3", "RxD 3 6", "GND 5 4"):
        assert row in composed.text, composed.text
    assert "USB-RJ45" not in composed.text, "the next section's title is no row"


MENUCONFIG = ("4.1 Compile the firmware\n"
              "1. After logging in to the Raspberry Pi over ssh, enter:\n"
              "cd ~/klipper/\n"
              "make menuconfig\n"
              "Compile the firmware with the following configuration\n"
              "[*] Enable extra low-level configuration options\n"
              " Micro-controller Architecture (Raspberry Pi RP2040) --->\n"
              " Flash chip (GENERIC_03H with CLKDIV 4) --->\n"
              " Communication Interface (USBSERIAL) --->\n"
              "2. When the selection is done, press q to quit and answer Yes to save\n"
              "3. Enter make to compile; the firmware klipper.uf2 is written to\n"
              "home/biqu/klipper/out\n"
              "4.2 Firmware update\n"
              "Connect the board with a USB cable.\n")


def test_a_step_keeps_the_options_it_lists_and_the_procedure_goes_on_after_them(search_models):
    composed = _answer(search_models, "How do I set up menuconfig to compile Klipper for the "
                                      "SB2209 USB?", MENUCONFIG)
    numbers = [step_number(line) for line in composed.lines if step_number(line) is not None]
    assert numbers == [1, 2, 3], composed.text
    assert "Flash chip (GENERIC_03H with CLKDIV 4) ---> [1]" in composed.lines, \
        "each option is a line of its own, under its step"
    assert "Communication Interface (USBSERIAL)" in composed.text
    assert "Connect the board" not in composed.text, "the next section is not a step"


def test_a_line_that_starts_with_a_step_number_starts_a_sentence():
    quit_line = '2. When the selection is done, press q to quit the menu and answer "Yes"'
    page = f"{quit_line}\n3. Enter make to compile\n"  # a long line: not cut as a short one
    assert [s.text for s in sentences(page)] == [quit_line, "3. Enter make to compile"]


@pytest.mark.parametrize(("line", "row"), [
    ("TDI JTAG data input PA15", True), ("TxD 2 3", True), ("CH32V003 PD1 -", True),
    ("1． 将 IAP 程序通过 WCH-LinkUtility 下载到 0x1FFFF000；", False),
    ("3.1.4 USB-RJ45 cable", False), ("7. 板载传感器：ADXL345", False),
    ("Table 7 STM32F10xxx JTAG interface pinout", False)])
def test_table_rows_are_lines_of_cells_not_steps_titles_or_clauses(line, row):
    assert is_row(line) is row


WIRELESS = ("8.2.2 Wireless mode\n"
            "The host and the slave must use the same access address. The steps are as follows:\n"
            "① Connect the host and the slave to the computer and click GET to read both "
            "addresses.\n"
            "② Click CREATE to create a random address, then SET to write it to both.\n"
            "③ Power the slave first, then the host: the green light comes on when the pair "
            "works in wireless mode.\n"
            "Chapter 9 Offline update\n"
            "The utility writes the firmware through USB without a computer program.\n"
            "An offline update needs Link firmware version 2.8 or later.\n"
            "The update takes about ten seconds.\n"
            "Notes:\n"
            "(1) The factory default wireless mode access address is 0xE339E339.\n"
            "(2) Only one pair may use one access address in the same room.\n")


def test_a_question_in_three_parts_gets_all_three_within_the_line_cap(search_models):
    composed = _answer(search_models, "What is the factory default wireless access address, "
                                      "when does the green light come on, and which firmware "
                                      "version does an offline update need?", WIRELESS)
    _assert_shows_all(composed, ("0xE339E339", "green light comes on", "version 2.8"))


# A page with a list of safety notes (one of them about the SD card) above the update steps:
# the Octopus manual's page 24 against its page 22, on one page here.
NOTES_THEN_STEPS = (
    "Important notes\n"
    "1. Never work on the motherboard with power applied.\n"
    "2. Always double check all jumpers and wiring before applying power.\n"
    "3. The motherboard can power heated beds up to 300W.\n"
    "4. It is recommended to update the firmware using SD card.\n"
    "5. The stock board does not come with an amplifier chip.\n"
    "Updating the firmware with an SD card\n"
    "1. Rename the firmware file to firmware.bin.\n"
    "2. Format the SD card as FAT32.\n"
    "3. Copy firmware.bin to the SD card.\n"
    "4. Insert the SD card into the motherboard and reset it.\n"
    "5. Remove the SD card and check that the file was renamed to FIRMWARE.CUR.\n")


def test_the_procedure_beats_a_list_of_notes_that_mentions_the_task(search_models):
    composed = _answer(search_models, "How do I update the firmware with an SD card?",
                       NOTES_THEN_STEPS)
    assert "firmware.bin" in composed.text and "FIRMWARE.CUR" in composed.text, composed.text
    assert "power applied" not in composed.text, composed.text


# NUT's manual: the sentence about the state path, then the commands that secure it, the mode
# two lines below the sentence a question's words find.
STATE_PATH = ("The drivers and upsd talk through sockets in the state path directory.\n"
              "It must be writable by the user the drivers run as.\n"
              "Both the owner and the mode of the directory matter.\n"
              "chown root:nut /var/state/ups\n"
              "chmod 0770 /var/state/ups\n")
# The EBB36 manual's thermistor settings: a list of eight jumpers, and on another page the
# sentence with the pull-up, then a table of switch positions.
JUMPERS = "Jumper settings\n" + "".join(f"• J{n} selects the supply of heater output {n}.\n"
                                          for n in range(1, 9))
THERMISTOR = ("Using a 100K NTC thermistor on TH0 needs no jumper, and the pull-up is 4.7K.\n"
              "With a PT1000, fit the jumper: the pull-up is then 2.2K.\n"
              "Switch positions for the sensor types:\n"
              "1 2 3 4 Sensor Model\n"
              "ON ON ON OFF Two lines PT100\n"
              "ON ON OFF ON Two lines PT1000\n"
              "OFF OFF ON OFF Four-wire PT100\n")


def _candidates(question: str, pages: list[str], lines: list[tuple[int, str]]
                ) -> list[Candidate]:
    """Candidates scored by hand, best first: (page index, the line's text) each."""
    items = [evidence_for(question, Hit(doc_id=f"d{n}", file=f"manual{n}.pdf",
                                        path=f"/m/manual{n}.pdf", page=n, label=None, score=0.8,
                                        text=page, start=0, end=len(page)), page).numbered(n, [])
             for n, page in enumerate(pages, start=1)]
    found = []
    for rank, (n, line) in enumerate(lines):
        item = items[n]
        span = next(s for s in item.sentences if s.text.strip() == line)
        found.append(Candidate(item, span, score=1.0 - 0.05 * rank))
    return found


def test_a_span_already_shown_still_brings_the_value_its_block_holds():
    question = "nut driver can't bind the state path"
    ranked = _candidates(question, [STATE_PATH], [
        (0, "The drivers and upsd talk through sockets in the state path directory."),
        (0, "Both the owner and the mode of the directory matter.")])
    text = compose_spans(choose(question, ranked, lambda _hit: None)).text
    assert "chmod 0770 /var/state/ups" in text, text
    assert text.count("Both the owner") == 1, "a line is shown once"


def test_a_sentence_a_page_prints_in_two_sections_is_shown_once():
    page = ("2.9 Network server. upsd passes data from the drivers to the clients. It should "
            "be run immediately after upsdrvctl in your system's startup scripts.\n"
            "2.10 Monitoring client. upsmon shuts the system down when the power fails. It "
            "should be run immediately after upsdrvctl in your system's startup scripts.\n")
    question = "When should upsd and upsmon be started?"
    item = evidence_for(question, Hit(doc_id="d1", file="nut.pdf", path="/m/nut.pdf", page=13,
                                      label=None, score=0.8, text=page, start=0,
                                      end=len(page)), page).numbered(1, [])
    repeated = [span for span in item.sentences if span.text.startswith("It should")]
    assert len(repeated) == 2 and repeated[0].start != repeated[1].start
    composed = compose_spans([Candidate(item, span, 1.0) for span in repeated])
    assert composed.lines == ["It should be run immediately after upsdrvctl in your system's "
                              "startup scripts [1]."], composed.lines
    run = Candidate(item, Span(repeated[0].start, repeated[1].end, ""), 1.0,
                    steps=tuple(repeated))
    assert len(compose_spans([run]).lines) == 2, "inside one span, each line as printed"


def test_markdown_marks_are_not_shown_but_the_citation_quotes_the_page_as_it_is():
    page = ("See the [MCU commands](MCU_Commands.md) document for the details.\n\n"
            "![pulseview-canbus](img/pulseview-canbus.png)\n\n"
            "``` sudo ~/klipper/scripts/klipper-uninstall.sh\n")
    hit = Hit(doc_id="d1", file="klipper_faq.md", path="/m/klipper_faq.md", page=None,
              label=None, score=0.8, text=page, start=0, end=len(page))
    item = evidence_for("How do I uninstall Klipper?", hit, page).numbered(1, [])
    composed = compose_spans([Candidate(item, span, 1.0) for span in item.sentences])
    assert composed.lines == ["See the MCU commands document for the details [1].",
                              "sudo ~/klipper/scripts/klipper-uninstall.sh [1]"], composed.lines
    assert composed.citations[0].quote.startswith("See the [MCU commands](MCU_Commands.md)")
    assert not can_lead("![pulseview-canbus](img/pulseview-canbus.png)"), "a figure says nothing"
    pdf = replace(hit, file="manual.pdf", path="/m/manual.pdf", page=3)
    item = evidence_for("menuconfig", pdf, "[*] Enable extra low-level configuration options\n")
    assert compose_spans([Candidate(item.numbered(1, []), item.sentences[0], 1.0)]).lines == [
        "[*] Enable extra low-level configuration options [1]"], "a PDF's brackets are its text"


GLOSSARY = ("Fan pressure ratio. The ratio of the fan-discharge pressure\n"
            "to the fan inlet pressure.\n"
            "Feathering propeller. A controllable-pitch propeller whose\n"
            "blades can be moved into a high pitch angle of approximately\n"
            "90 degrees. Feathering the propeller of an inoperative engine\n"
            "prevents it from wind-milling and greatly decreases drag.\n"
            "Feeler gages. A type of measuring tool consisting of strips\n"
            "of precision-ground steel of accurately measured thickness.\n"
            + "".join(f"Term {name}. A definition of the term {name} in one line.\n"
                      for name in ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot")))


def test_a_glossary_definition_is_shown_whole_with_its_term_and_not_its_neighbours(
        search_models):
    composed = _answer(search_models, "What blade angle does a feathering propeller move to?",
                       GLOSSARY)
    assert composed.lines[0].startswith("Feathering propeller"), composed.text
    assert "approximately 90 degrees" in composed.text and "wind-milling" in composed.text
    assert "Feeler" not in composed.text and "fan-discharge" not in composed.text, \
        composed.text


def test_a_glossary_definition_ends_above_the_next_letters_heading(search_models):
    """The FAA glossary prints the letter its terms start with on a line of its own ("V" above
    "V-blocks"): it is no line of the definition above it."""
    page = GLOSSARY + ("Upper-deck pressure. The absolute pressure of air at the inlet to the\n"
                       "fuel metering system of a turbocharged engine.\n"
                       "V\n"
                       "V-blocks. A fixture that allows a shaft to be centered and rotated.\n")
    composed = _answer(search_models, "What is upper-deck pressure?", page)
    assert composed.lines[0].startswith("Upper-deck pressure"), composed.text
    assert "turbocharged engine" in composed.text
    assert not [line for line in composed.lines if line.startswith("V ")], composed.lines


def test_a_block_too_long_for_the_lines_left_is_cut_to_its_own_line_not_dropped():
    question = "ebb36 ntc100k th0 jumper or not, and which pull-up?"
    ranked = _candidates(question, [JUMPERS, THERMISTOR], [
        (0, "• J1 selects the supply of heater output 1."),
        (1, "Using a 100K NTC thermistor on TH0 needs no jumper, and the pull-up is 4.7K.")])
    composed = compose_spans(choose(question, ranked, lambda _hit: None))
    assert "the pull-up is 4.7K" in composed.text, composed.text
    assert len(composed.lines) <= MAX_LINES


# The WCH-Link manual: the note that answers on one page, a list of notes about the Link's own
# firmware on another, each of whose items shares the question's words.
RESCUE_NOTE = ("Notes:\n"
               "(1) If the download fails, enter BOOT mode (BOOT0 to VCC, BOOT1 to GND) and "
               "download through the Link.\n"
               "(2) For 3 and 4, erase the whole user area with the utility.\n")
LINK_NOTES = ("(1) USB offline update is only supported by WCH-Link and WCH-LinkW.\n"
              "(2) WCH-LinkE needs firmware version v2.8 or above for MounRiver Studio.\n"
              "(3) WCH-LinkUtility can be exported through MounRiver Studio.\n"
              "(4) The offline upgrade firmware is in the MounRiver Studio installation path.\n")


def _how_answer(question: str, pages: list[str], lines: list[tuple[int, str]],
                owns: tuple[float, ...]) -> str:
    """The composed answer from candidates scored by hand, each with what its line says on
    its own words (`Candidate.own`)."""
    ranked = [replace(c, own=own) for c, own in
              zip(_candidates(question, pages, lines), owns, strict=True)]
    return compose_spans(choose(question, ranked, lambda _hit: None)).text


def test_a_how_answers_with_the_run_whose_best_lines_answer_not_the_one_with_more_scored():
    question = "MounRiver Studio can no longer download through the WCH-Link. How do I get it back?"
    # The other note of the answering run shares too few words to be among the candidates
    # embedded, each of the other run's is scored.
    text = _how_answer(question, [RESCUE_NOTE, LINK_NOTES], [
        (0, "(1) If the download fails, enter BOOT mode (BOOT0 to VCC, BOOT1 to GND) and "
            "download through the Link."),
        (1, "(3) WCH-LinkUtility can be exported through MounRiver Studio."),
        (1, "(2) WCH-LinkE needs firmware version v2.8 or above for MounRiver Studio."),
        (1, "(1) USB offline update is only supported by WCH-Link and WCH-LinkW.")],
        (1.0, 0.95, 0.6, 0.55))
    assert "BOOT0 to VCC, BOOT1 to GND" in text, text
    assert "offline update" not in text, text


FLASH_STEPS = ("Build the firmware on the Raspberry Pi with make menuconfig.\n"
               "1. Connect to the Raspberry Pi over ssh and run make flash.\n"
               "2. Query the Serial ID of the board with ls /dev/serial/by-id/.\n")
UNINSTALL = ("On the Raspberry Pi, the uninstall script is scripts/klipper-uninstall.sh.\n")


def test_a_how_answers_with_the_sentence_that_says_it_not_a_run_that_matches_less_well():
    # The flashing page scored best by meaning and stated values; on its own words the
    # uninstall line matches best, and the flashing steps less well than it.
    text = _how_answer("How do I get Klipper off the Raspberry Pi?", [FLASH_STEPS, UNINSTALL], [
        (0, "Build the firmware on the Raspberry Pi with make menuconfig."),
        (1, "On the Raspberry Pi, the uninstall script is scripts/klipper-uninstall.sh."),
        (0, "1. Connect to the Raspberry Pi over ssh and run make flash."),
        (0, "2. Query the Serial ID of the board with ls /dev/serial/by-id/.")],
        (0.6, 1.0, 0.55, 0.5))
    assert "klipper-uninstall.sh" in text, text


# A Markdown FAQ in Chinese: an answer's last sentence opens a bracket in one width and closes
# it in the other, then a blank line and the next question's heading.
FAQ_ZH = ("步进电机本身只能以4个整步为增量损失步数。(因此，如果使用16个微步，那么步进器电机上的"
          "失步将导致 \"MCU: \"步进计数器偏离64微步的倍数。）\n\n"
          "## 为什么 Klipper 会报错？我收了一盘面条！\n\n"
          "简短的回答：我们想知道打印机是否检测到问题。\n")


def test_an_faq_answer_never_runs_on_into_the_next_question():
    units = _joined_lines(FAQ_ZH)
    assert units[1].endswith("64微步的倍数。）"), units
    assert not any("##" in unit and "倍数" in unit for unit in units), \
        "the next question's heading is shown inside the answer's line"


# The Klipper FAQ's checklist for a lost USB connection: an introduction and twelve lines of
# things to check, the one about mixed 5V supplies near the end.
CHECKLIST = (
    "## Why does the micro-controller keep resetting?\n"
    "This is commonly caused by hardware errors on the USB connection between the host and "
    "the micro-controller. Things to look for:\n"
    "- Use a good quality USB cable between the host and the micro-controller.\n"
    "- Make sure the plugs are secure.\n"
    "- If using a Raspberry Pi, use a good quality power supply for the Pi.\n"
    "- Make sure the printer's power supply is not being overloaded.\n"
    "- Verify stepper, heater and other printer wires are not crimped or frayed.\n"
    "- Route the USB cable away from the stepper motor wires.\n"
    "- Keep the host computer free of heavy background tasks while printing.\n"
    "- Disable the ModemManager package, which can disrupt serial communication.\n"
    "- Check the kernel log for USB disconnect messages after each reset.\n"
    "- There have been reports of high USB noise when the printer's supply and the host's "
    "5V supply are mixed.\n"
    "- Configure the micro-controller to use power from only one source.\n"
    "- Or use a USB cable that does not carry 5V power between the host and the board.\n")


def test_a_checklist_that_answers_is_shown_whole_not_cut_in_its_middle(search_models):
    """A list cut to the lines left once dropped its middle and tail: the checks about mixed
    5V supplies, the ones this technician needed, were not shown."""
    composed = _answer(search_models, "My micro-controller keeps resetting over USB, what should "
                                      "I check?", CHECKLIST)
    _assert_shows_all(composed, ("good quality USB cable", "5V supply are mixed",
                                 "only one source", "does not carry 5V power"))


# A setup procedure as the VORON guide writes it: numbered steps, lettered sub-steps, and the
# machine's sizes as lines under one of them, over twenty lines in all.
SLICER_SETUP = ("Setting up the slicer\n"
                "1. Go to the slicer's download page and pick the 15.04 release.\n"
                "2. Run the installer and keep the default components.\n"
                "3. Start the slicer; its configuration wizard opens.\n"
                "4. Add the printer in the wizard:\n"
                "a. Click Next on the wizard's first page.\n"
                "b. Select Other (RepRap) and click Next.\n"
                "c. Leave Custom selected and click Next.\n"
                "d. Enter the printer's settings:\n"
                "Machine Name: VORON\n"
                "Machine Width X (mm): 230\n"
                "Machine Depth Y (mm): 230\n"
                "Machine Height Z (mm): 230\n"
                "Nozzle size (mm): 0.4\n"
                "Check Heated Bed\n"
                "e. Click Finish.\n"
                "5. Load the printer's profile:\n"
                "i. Download printer_profile.ini from the build guide's page.\n"
                "ii. Back in the slicer, click File > Open Profile.\n"
                "iii. Select the downloaded file and click Open.\n"
                "6. The slicer is now set up for the printer.\n")


def test_a_long_setup_procedure_is_shown_to_its_last_step(search_models):
    """Cut at fourteen lines, the VORON guide's slicer setup stopped before the profile was
    loaded, so a technician asking how to add the printer and load its profile got the
    download steps and never the File > Open Profile step."""
    composed = _answer(search_models, "How do I add the VORON printer in the slicer and load its "
                                      "profile?", SLICER_SETUP)
    _assert_shows_all(composed, ("Machine Width X (mm): 230", "Nozzle size (mm): 0.4",
                                 "File > Open Profile", "click Open"))


# A controller's data sheet: four sections, each answering one part of a question, with
# sentences between them that answer none.
DATA_SHEET = ("1 Power supply\n"
              "The board takes a supply voltage of 24 V DC from the terminal block X1.\n"
              "Route the supply cable away from the motor cables.\n"
              "The terminal block accepts wires of up to 2.5 square millimetres.\n"
              "2 Heater outputs\n"
              "Each heater output gives at most 10 A.\n"
              "The outputs are switched by MOSFETs on the underside of the board.\n"
              "A fuse protects the outputs together.\n"
              "3 Serial port\n"
              "The serial port runs at 250000 baud.\n"
              "It is wired to the USB connector through a converter chip.\n"
              "The converter needs no driver on Linux.\n"
              "4 Environment\n"
              "The board runs at ambient temperatures from 0 to 45 °C.\n"
              "Keep the board out of direct sunlight.\n"
              "Mount the board vertically so that air flows past the drivers.\n")


def test_a_question_in_four_parts_gets_all_four(search_models):
    """Three spans answered three of the four things this technician asked, and the line cap
    had room for the fourth."""
    composed = _answer(search_models, "What supply voltage does the board take, how much current "
                                      "can a heater output give, what baud rate does the serial "
                                      "port use, and what ambient temperature can it run in?",
                       DATA_SHEET)
    _assert_shows_all(composed, ("24 V DC", "at most 10 A", "250000 baud", "0 to 45 °C"))


# The Octopus manual's safety list: item 5's second sentence, then item 6 on the PT100 chip.
SAFETY_LIST = ("4. Always consult the PIN.pdf diagram when making jumper connections.\n"
               "5. It is recommended to update the firmware using SD card.\n"
               "Using DFU (direct programming via the USB port) will overwrite the bootloader "
               "meaning that you will no longer have the option to update via SD card.\n"
               "6. The stock Octopus does not come with a INA826AIDR amplifier chip.\n"
               "If you want to use the PT100 interface, you need to purchase a INA826AIDR chip "
               "separately and solder it in place.\n")


def test_a_list_items_second_sentence_is_shown_without_the_next_item():
    """"Using DFU ... will overwrite the bootloader" goes on with item 5; its two lines of
    context ran into item 6, so a question on flashing over USB showed the PT100 chip, and a
    question on the PT100 chip led with the DFU warning."""
    page = SAFETY_LIST
    item = evidence_for("Will DFU overwrite the bootloader?", Hit(
        doc_id="d1", file="manual.pdf", path="/m/manual.pdf", page=4, label=None, score=0.8,
        text=page, start=0, end=len(page)), page).numbered(1, [])
    dfu = next(s for s in item.sentences if s.text.startswith("Using DFU"))
    shown = [line.text for line in with_block(Candidate(item, dfu)).steps or [dfu]]
    assert not any("INA826AIDR" in line for line in shown), shown
