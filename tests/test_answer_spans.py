"""The answer says what the page says: the span that answers, chosen before the model writes.

A how-question gets the page's numbered steps whole and in order, continued on the next page; a
code question gets that code's row with its header names, from the right table; a Chinese
question on an English page gets the English sentence; a heading is never the answer. The
composed answer is there before the model's first word, and a model sentence no page backs is
never part of the answer, while it streams or after.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from index.page_rerank import numbered_codes
from kernel.config import AnswerSettings
from kernel.types import Hit
from laoshifu.answer import Line
from laoshifu.answer.bilingual import bilingual_coverage
from laoshifu.answer.check import MeaningCheck, check
from laoshifu.answer.evidence import evidence_for
from laoshifu.answer.instructions import is_instruction
from laoshifu.answer.products import product_words
from laoshifu.answer.sentence_vectors import SentenceVectors
from laoshifu.answer.spans import (
    Candidate,
    can_lead,
    choose,
    rank_spans,
    specifics,
    step_number,
)
from tests.documents import write_pdf

FIRMWARE_MANUAL = [
    "X-200 controller manual. Chapter 5 Firmware. The X-200 keeps its settings in flash. "
    "To update the firmware from an SD card: "
    "1. Format a micro SD card with FAT32. Other file systems are not read. "
    "2. Copy the file firmware.bin to the root of the card. "
    "3. Insert the card into the X-200 with the power off.",
    "4. Switch the X-200 on and wait 20 seconds while the status LED blinks. "
    "5. Check that the file on the card was renamed to FIRMWARE.CUR. "
    "Chapter 6 Wiring. The fan connector FAN1 carries 24 V and supplies at most 1 A.",
]

ALARMS = ("Alarm Code,Alarm Message,Alarm Description\n"
          "1,Hard limit,Hard limit triggered. Machine position is likely lost.\n"
          "3,Abort during cycle,Reset while in motion. Re-homing is recommended.\n")
ERRORS = ("Error Code,Error Message,Error Description\n"
          "1,Expected command letter,G-code words consist of a letter and a value.\n"
          "3,Invalid statement,Grbl '$' system command was not recognized.\n")


def _hit(text: str) -> Hit:
    return Hit(doc_id="d1", file="manual.pdf", path="/m/manual.pdf", page=1, label=None,
               score=0.8, text=text, start=0, end=len(text))


@pytest.fixture
def firmware_library(library, tmp_path):
    manual = write_pdf(tmp_path / "X-200 controller manual.pdf", FIRMWARE_MANUAL)
    list(library.ingest([manual]))
    return library


@pytest.mark.parametrize("line", [
    "5.2.10 BOOT Download", "九、主板固件说明", "3.10 Fan wiring and voltage ....... 21",
    "corner connector on it", "Bearing replacement", "## How do I cancel a print?",
    "46 Why does my UPS report low battery?", "3.3 Fan wiring",
    "Figure 3 WCH-LinkE high-speed JTAG mode", "Table 7 STM32F10xxx JTAG interface pinout",
    "CH32V003_IAP 使用说明 https://wch.cn", "V1.1 1", "V1.0", "版本：V1.1 https://wch.cn",
    "K.2.2 CentOS 7", "G.4.1 Older Compaq UPS Family", "ACS806m.pdf", "ZL-200 user manual",
    "BTT Octopus V1.1 User Manual", "EBB36 CAN V1.1 使用说明书"])
def test_headings_contents_lines_questions_and_fragments_never_answer(line):
    assert not can_lead(line)


@pytest.mark.parametrize("line", [
    "Tighten the bearing housing bolts to 24 Nm.", "PA2 HE0", "ALARM:3 Reset while in motion",
    "2. Copy the file firmware.bin to the root of the card", "3.3 V 1 A", "24 V, 5 A max",
    "Version 2 adds CAN support.", "(1) The tool's download URL: https://www.wch.cn/downloads",
    "进入DFU 模式后，PA2引脚会被System memory区域中的Bootloader 配置输出高电平",
    "Linux[can-utils](https://github.com/linux-can/can-utils)工具提供了捕获软件。",
    "v1.03 2025/05/07 menuconfig changed to Flash chip"])
def test_sentences_steps_and_table_rows_can_answer(line):
    assert can_lead(line)


def test_step_numbers_in_the_forms_manuals_print():
    assert [step_number(t) for t in ("1. Format", "(2) Copy", "3、插入", "第4步 开机", "⑤ Check",
                                     "Step 6 Done", "5.2.10 BOOT", "Format the card")] == [
        1, 2, 3, 4, 5, 6, None, None]
    # A full-width comma before words numbers a step too ("4，使用 STM32CubeProgrammer"); before
    # a number it separates values ("12，24V 供电").
    assert [step_number(t) for t in ("4，使用 STM32CubeProgrammer 软件进行下载",
                                     "12，24V 供电")] == [4, None]


def _steps_chosen(question: str, page: str, opening: str) -> list[str]:
    """The lines shown when the page's sentence starting `opening` is the best span."""
    item = evidence_for(question, _hit(page), page).numbered(1, [])
    best = next(s for s in item.sentences if s.text.startswith(opening))
    chosen = choose(question, [Candidate(item, best, 1.0, own=1.0)], lambda hit: None)
    return [line.text for line in chosen[0].steps]


def test_lettered_and_roman_steps_are_numbered_apart_from_digits():
    """A lettered step never continues a digit run, nor a roman one a lettered run: "c." is
    the third of its own list, "ii." the second of its own."""
    numbers = [step_number(t) for t in ("a. Click Next.", "c. On the Select screen, select Other",
                                        "ii. Back in Cura, click File", "iv. Select it",
                                        "e.g. the fan", "a fan", "b.Click")]
    assert numbers[0] + 2 == numbers[1] and numbers[2] + 2 == numbers[3], numbers
    assert len({n // 100 for n in numbers[:4]}) == 2 and min(numbers[:4]) > 5, numbers
    assert numbers[4:] == [None, None, None]


def test_a_roman_sub_procedure_under_a_lettered_step_is_shown_whole():
    """The VORON guide's Cura set-up: lettered steps, the profile loaded in roman sub-steps."""
    page = ("f. Click Finish.\n"
            "g. This will return you to the main Cura interface. All that remains now is to "
            "load the VORON Cura profile.\n"
            "i. Download the VORON Cura profile here, or using the following link:\n"
            "https://example.com/files/cura_profile.ini.\n"
            "ii. Back in Cura, click File > Open Profile....\n"
            "iii. Select the profile you downloaded in step i, and click Open.\n"
            "h. Cura configuration is now complete. You can quit Cura until later.\n")
    shown = [" ".join(line.split()) for line in _steps_chosen(
        "How do I load the VORON print profile in Cura?", page, "i.")]
    assert [line.split()[0] for line in shown[:3]] == ["i.", "ii.", "iii."], shown
    assert "File > Open Profile" in shown[1], shown


def test_numbered_codes_keep_their_kind():
    assert numbered_codes("What does grbl ALARM:3 mean?") == {("alarm", "3")}
    assert numbered_codes("grbl error 20 是什么意思") == {("error", "20")}
    assert numbered_codes("报警3怎么复位") == {("alarm", "3")}


def test_the_sentence_below_a_matching_heading_answers(search_models):
    page = ("5.2.10 BOOT Download\n\nHold the BOOT0 button while you press reset; the board "
            "starts in its bootloader and waits for the download.")
    question = "How do I do a BOOT download?"
    item = evidence_for(question, _hit(page), page).numbered(1, [])
    assert item.ranked[0].text.startswith("5.2.10"), "the heading shares most of the words"
    encoder = search_models.encoder
    best = rank_spans(question, [item], encoder.embed, encoder.embed_query)[0]
    assert best.span.text.startswith("Hold the BOOT0 button")


def test_a_how_question_gets_every_step_in_order_across_the_page_break(firmware_library):
    stream = firmware_library.ask("How do I update the X-200 firmware from an SD card?",
                                  with_model=False)
    answer = stream.composed
    lines = answer.text.splitlines()
    steps = [line for line in lines if step_number(line) is not None]
    assert [step_number(line) for line in steps] == [1, 2, 3, 4, 5], answer.text
    assert all("[" in line for line in steps), "each step carries its source number"
    assert "Other file systems are not read" in steps[0], "the rest of a step stays with it"
    pages = {c.quote.split(".")[0]: c.page for c in answer.citations}
    assert pages["1"] == 1 and pages["4"] == 2 and pages["5"] == 2, \
        "steps 4 and 5 are cited to the page they are printed on"
    assert "FAN1" not in answer.text, "the next chapter is not part of the procedure"


UPS_SSL_MANUAL = [
    "10.5.5 Sniffing the connection\n"
    "Tell a network sniffer to monitor port 3493/tcp: you should only see STARTTLS go out.\n"
    "10.5.6 Potential problems\n"
    "If you specify a certificate expiration date, you will eventually see this in your syslog:\n"
    "upsmon[3789]: Poll UPS [ups1@host] failed - SSL error: certificate verify failed",
    "You can verify that it is expired by using openssl to display the date:\n"
    "openssl x509 -enddate -noout -in <certfile>\n"
    "If that date is past, generate another certificate and key pair.\n"
    "10.6 Chrooting the drivers\n"
    "The drivers and upsd can run in a chrooted jail under /chroot/nut.",
]


def test_an_answer_at_a_page_foot_goes_on_with_the_next_page_head(library, tmp_path):
    manual = write_pdf(tmp_path / "ups manual.pdf", UPS_SSL_MANUAL, keep_lines=True)
    list(library.ingest([manual]))
    answer = library.ask("upsmon writes \"SSL error: certificate verify failed\" to syslog. "
                         "What causes it?", with_model=False).composed
    assert "certificate expiration date" in answer.text
    assert "openssl x509 -enddate" in answer.text, answer.text
    check = next(c for c in answer.citations if "openssl" in c.quote)
    assert check.page == 2, "the command is cited to the page it is printed on"
    assert "chroot" not in answer.text, "the next section is not part of the answer"


def test_a_cable_described_at_a_page_foot_gets_its_pinout_from_the_next_page(library, tmp_path):
    pages = ["UPS serial cables\n3.1 MGE Office Protection Systems\nThe cables below connect the "
             "UPS to the computer's serial port.",
             "3.1.4 DB9-RJ45 cable\nThis cable is used on the more recent models.\n"
             "3.1.5 DB9-RJ12 cable\nThis cable is used on some older Ellipse models.",
             "RJ12:\nSubD9:\nCABLE:\nShield\nRTS -5 7-RTS\nRX -4 3-TX\nTX -2 2-RX\n"
             "GND -3 5-GND\n3.1.6 NMC DB9-RJ45 cable\nThe NMC connection is an RJ45 jack."]
    list(library.ingest([write_pdf(tmp_path / "ups cables.pdf", pages, keep_lines=True)]))
    answer = library.ask("old ellipse rj12 to db9 serial cable wiring",
                         with_model=False).composed
    assert "RX -4 3-TX" in answer.text and "GND -3 5-GND" in answer.text, answer.text
    assert "NMC" not in answer.text, "the next cable's section is not part of the answer"


def test_a_line_naming_its_subject_only_as_this_cable_shows_its_sections_title(library, tmp_path):
    """"This cable is said to use the same wiring as 940-0024C clone." does not say which
    cable: the title of its short section does ("1.2 940-0024E clone"), shown after it."""
    pages = ["1 APC\n1.1 940-0024C clone\nFrom D. Stimits\n"
             "The original 940-0024C diagram was contributed by Steve Draper.\n"
             "1.2 940-0024E clone\nReported by Jonathan Laventhol\n"
             "This cable is said to use the same wiring as 940-0024C clone.\n"
             "1.3 940-0024C clone for Macs\nFrom Miguel Howard"]
    list(library.ingest([write_pdf(tmp_path / "ups cables.pdf", pages, keep_lines=True)]))
    answer = library.ask("Is the APC 940-0024E clone cable wired differently from the "
                         "940-0024C clone?", with_model=False).composed
    lines = answer.text.splitlines()
    at = next(i for i, line in enumerate(lines) if "same wiring" in line)
    # On that line, or once on the line of its section shown right above it.
    assert any("(§ 1.2 940-0024E clone) [1]" in line for line in lines[max(0, at - 1):at + 1]), \
        answer.text
    assert not answer.text.startswith("1.2"), "the title follows the line; it never leads"


def test_a_how_answered_by_a_paragraph_at_a_page_foot_gets_the_steps_opening_the_next_page(
        library, tmp_path):
    """The evaluation board's reference: the paragraph on the download tool ends one page
    ("... shown in the following figure."), its steps open the next, under the running
    header. The steps are the answer, each cited to the page it is printed on, and the next
    tool's section is not."""
    pages = ["Evaluation Board Reference\n"
             "3.3 ISPTool download\n"
             "Use the ISPTool tool to download the chip; it only supports serial port download "
             "on PD5 and PD6. The tool is only used for IAP upgrade, and the IAP program is kept "
             "in BOOT. The implementation is in the IAP routine of the EVT.\n"
             "The ISPTool tool interface is shown in the following figure.",
             "Evaluation Board Reference\n"
             "1. Select the MCU series and chip model\n"
             "2. Select the serial port download mode\n"
             "3. Identify the device, or select it manually if it is not found\n"
             "4. Select the .hex or .bin target program file\n"
             "5. Click download\n"
             "3.4 LinkUtility download\n"
             "The download with the LinkUtility tool needs a WCH-LinkE."]
    list(library.ingest([write_pdf(tmp_path / "evb reference.pdf", pages, keep_lines=True)]))
    answer = library.ask("What are the steps to download a program to the chip with ISPTool?",
                         with_model=False).composed
    lines = answer.text.splitlines()
    steps = [line for line in lines if line[:2] in ("1.", "2.", "3.", "4.", "5.")]
    assert [line[:2] for line in steps] == ["1.", "2.", "3.", "4.", "5."], answer.text
    assert next(c for c in answer.citations if ".hex" in c.quote).page == 2
    assert "LinkUtility" not in answer.text, "the next tool's section is not part of the answer"


def test_a_line_introducing_a_command_at_a_page_foot_is_shown_with_the_command(library, tmp_path):
    """The UPS FAQ's bullet "Switch to root, then start the drivers:" ends its page; the command
    it introduces opens the next one at a root prompt. A technician needs the command, cited
    to the page it is printed on, not the line that announces it."""
    pages = ["20 I want to keep the drivers and upsd in their own security domains. How can "
             "this be accomplished?\n"
             "Using a few role accounts and a common group, you can limit access to the serial "
             "ports leading to the UPS hardware.\n"
             "- Create a user called nutdev and another called nutsrv. Put them both in a group "
             "called nut.\n"
             "- Change the owner of any serial ports that will be used to nutdev.\n"
             "- Switch to root, then start the drivers:",
             "# upsdrvctl -u nutdev start\n"
             "- Then start upsd as the other user.\n"
             "21 Why does upsmon log a warning?\n"
             "It cannot reach upsd."]
    list(library.ingest([write_pdf(tmp_path / "ups faq.pdf", pages, keep_lines=True)]))
    answer = library.ask("How do I keep the UPS drivers and upsd in their own security domains?",
                         with_model=False).composed
    assert "upsdrvctl -u nutdev start" in answer.text, answer.text
    assert next(c for c in answer.citations if "upsdrvctl" in c.quote).page == 2


def test_a_listing_introduced_at_a_page_foot_is_shown_whole(library, tmp_path):
    """The UPS FAQ's "From Usenet post <...>:" ends its page; the next opens with the comments and
    commands it introduces, and the bytes to send are the listing's fifth line, then a line
    introducing the newer Macs' command. Two lines of the next page showed two comments."""
    pages = ["18 My Mac won't power back up by itself into Linux after the UPS shuts down.\n"
             "This is about the same situation as the ATX question above, only worse.\n"
             "Earlier Macs supported a hack where you could cat some magic characters at "
             "/dev/adb to enable server mode.\n"
             "From Usenet post <6boftzxz51.fsf@ecc-office.sp.cs.cmu.edu>:",
             "# Send packet over the ADB bus to the PowerMac CUDA chip\n"
             "# telling it to reboot automatically when power is restored\n"
             "# after a power failure.\n"
             "cat /etc/local/autoboot.adb > /dev/adb\n"
             "# autoboot.adb contains these three bytes (in hex): 01 13 01\n"
             "Later PowerPC Macs with a PMU can achieve the same effect with this command:\n"
             "echo server_mode=1 > /proc/pmu/options\n"
             "19 My Mac won't power back up by itself into Mac OS X.\n"
             "Check Restart automatically after a power failure in the Energy Saver panel."]
    list(library.ingest([write_pdf(tmp_path / "ups faq.pdf", pages, keep_lines=True)]))
    answer = library.ask("My Mac won't power back up by itself into Linux after the UPS shuts "
                         "down. What magic characters go to /dev/adb?", with_model=False).composed
    assert "01 13 01" in answer.text and "server_mode=1" in answer.text, answer.text
    assert next(c for c in answer.citations if "01 13 01" in c.quote).page == 2


def test_a_question_asking_which_revision_and_when_leads_with_the_history_row(library,
                                                                              tmp_path):
    """The revision history's row gives the version and date that changed the menuconfig
    setting; the menuconfig page shares more of the question's words and gives neither."""
    pages = ["Toolboard manual\nThe toolboard connects the hotend to the printer over USB.",
             "Revision history\nVersion Date Changes\nv1.00 2024/06/26 First draft\n"
             "v1.01 2024/09/14 Corrected the power input description\n"
             "v1.03 2025/05/07 menuconfig changed to Flash chip\n(GENERIC_03H with CLKDIV 4)",
             "5. Compile the firmware\nRun make menuconfig and set the following options:\n"
             "Flash chip (GENERIC_03H with CLKDIV 4) --->\n"
             "Communication interface (USB) --->\n"
             "Save the menuconfig setting and run make to build the firmware."]
    list(library.ingest([write_pdf(tmp_path / "toolboard manual.pdf", pages, keep_lines=True)]))
    answer = library.ask("Which revision of the manual changed the menuconfig setting to Flash "
                         "chip GENERIC_03H with CLKDIV 4, and on what date?",
                         with_model=False).composed
    lines = answer.text.splitlines()
    assert lines[0].startswith("v1.0") and "v1.03 2025/05/07" in answer.text, lines


def test_a_history_row_numbered_like_a_section_answers_which_revision_added_a_note(
        library, tmp_path):
    """The EBB36 manual numbers its revisions "01.02" and wraps a row's change over lines
    ("01.02 增加 DFU 更新固件时，加" / "热棒注意事项" / "2022/05/25"): read as a section title, the
    row was never shown, and the answer quoted the DFU page the note is on."""
    pages = ["EBB36 CAN V1.1 说明书\n"
             "EBB36 是 36 步进电机挤出机的喷头转接板。本说明书讲解它的接线和固件更新。",
             "修订历史\n版本 修改说明 日期\n01.00 初稿 2022/05/16\n"
             "01.01 修复 pin 图加热棒端口错\n误的标注\n2022/05/21\n"
             "01.02 增加 DFU 更新固件时，加\n热棒注意事项\n2022/05/25\n"
             "01.03 更详细的 pin 脚说明 2022/06/16",
             "4.2 固件更新\nPA2 被用于加热棒端口，进入 DFU 模式后的高电平会让加热棒处于加热状态，"
             "所以在使用 DFU 更新固件时，请注意断开加热棒的主电源。"]
    list(library.ingest([write_pdf(tmp_path / "ebb36 manual.pdf", pages, cjk=True,
                                   keep_lines=True)]))
    answer = library.ask("EBB36 说明书是从哪个版本开始增加 DFU 更新固件时加热棒注意事项的？",
                         with_model=False).composed
    assert "01.02" in answer.text and "2022/05/25" in answer.text, answer.text
    assert next(c for c in answer.citations if "01.02" in c.quote).page == 2
    why = library.ask("EBB36 用 DFU 更新固件时，加热棒为什么会自己加热？",
                      with_model=False).composed
    assert "加热状态" in why.text and "01.02" not in why.text, why.text


def test_a_procedure_whose_first_step_ends_its_page_is_shown_from_there(library, tmp_path):
    """The Getting Started guide prints four ways to write the image; the Windows one has its
    title and step 1 at the foot of a page, steps 2 and 3 at the head of the next. The answer
    showed the Linux steps above it and the Mac steps after it, never the Actions menu."""
    pages = ["Writing the image to a DVD in Linux\n"
             "1. Insert a blank DVD into your burner.\n"
             "2. Right click on the ISO image file and choose Write to Disc.\n"
             "3. Start the burning process.\n"
             "Writing the image to a DVD in Windows\n"
             "1. Download and install Infra Recorder, a free image burning program.",
             "Getting Started 9 / 55\n"
             "2. Insert a blank DVD in the drive and select Do nothing if a dialog pops up.\n"
             "3. Open Infra Recorder, and select the Actions menu, then Burn image.\n"
             "Writing the image to a DVD in Mac OSX\n"
             "1. Download the .iso file\n"
             "2. Right-click on the file in the Finder window and select Burn to disc."]
    list(library.ingest([write_pdf(tmp_path / "getting started.pdf", pages, keep_lines=True)]))
    answer = library.ask("How do I write the image to a DVD in Windows?",
                         with_model=False).composed
    assert answer.text.startswith("1. Download and install Infra Recorder"), answer.text
    assert next(c for c in answer.citations if "Actions menu" in c.quote).page == 2
    assert "Finder" not in answer.text and "Write to Disc" not in answer.text, answer.text


def test_a_sentence_cut_by_the_page_break_is_shown_whole_before_the_block(library, tmp_path):
    """The Octopus manual tells an NPN probe by a multimeter in a sentence the page break cuts
    ("... and then goes" / "to ground when it is active, it is an NPN style probe."); the
    answer opened the next page at the PNP sentence, without the meter or the NPN half."""
    pages = ["Probe port wiring\nThe probe port takes inductive probes of either style. "
             "You can tell this by checking the output of your probe using a multimeter. "
             "If it floats when it is not active and then goes",
             "to ground when it is active, it is an NPN style probe. If it goes to the positive "
             "rail when active then it is a PNP style probe. An NPN probe needs the external "
             "pull up resistor."]
    list(library.ingest([write_pdf(tmp_path / "controller manual.pdf", pages)]))
    answer = library.ask("How do I tell whether my inductive probe is PNP or NPN?",
                         with_model=False).composed
    assert "multimeter" in answer.text and "NPN style probe" in answer.text, answer.text
    assert next(c for c in answer.citations if "multimeter" in c.quote).page == 1
    assert next(c for c in answer.citations if "to ground when" in c.quote).page == 2


def test_a_step_introducing_a_long_listing_stays_in_its_run(library, tmp_path):
    """The EBB36 manual's step 1 ends "在命令行输入：" and lists the command and thirteen lines
    of menuconfig options before step 2; step 3, on the next page, says where klipper.bin is
    written. Eight lines under a step ended the run: the answer lost step 1 or steps 2-3."""
    options = "\n".join(f"{name} --->" for name in (
        "Micro-controller Architecture (STM32)", "Processor model (STM32G0B1)",
        "Bootloader offset (No bootloader)", "Clock Reference (8 MHz crystal)",
        "Communication interface (CAN bus)", "CAN bus speed (250000)", "GPIO pins (none)",
        "Extra low-level options (on)", "Debug output (off)", "USB ids (default)"))
    pages = ["Compile the toolboard firmware\n1. Connect to the Raspberry Pi over ssh and type:\n"
             f"cd ~/klipper/\nmake menuconfig\n{options}\n"
             "2. When the options are set, press q and choose Yes to save them.",
             "3. Type make; when it finishes, klipper.bin is written to the klipper/out folder.\n"
             "Fan wiring\nThe fan port gives 24V."]
    list(library.ingest([write_pdf(tmp_path / "toolboard manual.pdf", pages, keep_lines=True)]))
    answer = library.ask("How do I compile the toolboard firmware, and where is klipper.bin?",
                         with_model=False).composed
    assert "make menuconfig" in answer.text and "klipper/out" in answer.text, answer.text


def test_the_next_page_opening_a_section_of_its_own_is_not_shown(library, tmp_path):
    pages = [UPS_SSL_MANUAL[0], "10.6 Chrooting the drivers\nThe drivers and upsd can run in "
             "a chrooted jail; the openssl x509 -enddate check is not needed there."]
    list(library.ingest([write_pdf(tmp_path / "ups manual.pdf", pages, keep_lines=True)]))
    answer = library.ask("upsmon writes \"SSL error: certificate verify failed\" to syslog. "
                         "What causes it?", with_model=False).composed
    assert "certificate expiration date" in answer.text
    assert "chroot" not in answer.text, answer.text


IDLER_STEPS = [
    "Step 3: Slide the flanged\nbearing over the screws as\npictured. The flanges will form\n"
    "the shoulders of the belt idler.\nStep 4: Screw on the bottom\nidler plate. Do one turn per\n"
    "screw and alternate to keep\nthem level with each other.\nDon't over-tighten.",
    "Step 5: Using 2 M3 20mm\nscrews, secure the Y shaft\nretainer into the lower idler\n"
    "plate. We're not tightening\nthese yet, just keeping them\nin place for later.",
]


def test_a_step_printed_in_a_narrow_column_reads_as_one_line(library, tmp_path):
    """The Voron manual prints its steps in a narrow column: "Do one turn per" / "screw and
    alternate to keep" / "them level with each other." is one sentence, shown as one line."""
    list(library.ingest([write_pdf(tmp_path / "printer assembly.pdf", IDLER_STEPS,
                                   keep_lines=True)]))
    answer = library.ask("idler plates end up crooked - how do i tighten the bottom plate "
                         "screws", with_model=False).composed
    lines = answer.text.splitlines()
    assert any(line.startswith("Step 4: Screw on the bottom idler plate. Do one turn per screw "
                               "and alternate to keep them level") for line in lines), lines


def test_a_step_at_a_page_top_is_shown_with_the_steps_before_it(library, tmp_path):
    """Step 5 opens its page and shares the most words with the question, but it is the end
    of the procedure Step 4 on the page before began: the answer shows it from there, each
    step cited to its own page."""
    list(library.ingest([write_pdf(tmp_path / "printer assembly.pdf", IDLER_STEPS,
                                   keep_lines=True)]))
    answer = library.ask("how do i tighten the screws of the lower idler plate",
                         with_model=False).composed
    lines = answer.text.splitlines()
    steps = [line.split(":")[0] for line in lines if line.startswith("Step")]
    assert steps[-2:] == ["Step 4", "Step 5"], lines
    step_4 = next(line for line in lines if line.startswith("Step 4"))
    assert "Do one turn per screw and alternate" in step_4, lines
    pages = {citation.page for citation in answer.citations}
    assert pages == {1, 2}, "each step is cited to the page it is printed on"


DFU_GUIDE = [
    "主板引导程序更新说明\n1，安装 java\n打开 JavaSetup 安装包，点击安装\n"
    "2，安装 STM32CubeProgrammer\n按安装向导点击 next 完成安装\n"
    "3，安装好之后，将主板进行如下连接\n使用跳线帽插在 boot 上，然后点击复位",
    "4，使用 STM32CubeProgrammer 软件进行下载\n"
    "（1）点击刷新，会显示 USB1，表示识别成功，如果没有识别到，可以多点击几次刷新\n"
    "（2）点击连接，会显示如下界面",
]


def test_a_step_opening_its_page_is_shown_after_the_step_the_page_before_ends_with(library,
                                                                                  tmp_path):
    """The page answering "USB1 does not show" opens with step 4; step 3, at the foot of the
    page before, is what the technician must have done first (the boot jumper and a reset)."""
    list(library.ingest([write_pdf(tmp_path / "主板引导程序更新.pdf", DFU_GUIDE, cjk=True,
                                   keep_lines=True)]))
    answer = library.ask("STM32CubeProgrammer 点刷新不出 USB1", with_model=False).composed
    lines = answer.text.splitlines()
    jumper = next(at for at, line in enumerate(lines) if "跳线帽" in line)
    refresh = next(at for at, line in enumerate(lines) if "点击刷新" in line)
    assert jumper < refresh, lines
    cited = {citation.page for citation in answer.citations if "跳线帽" in citation.quote}
    assert cited == {1}, "step 3 is cited to the page it is printed on"


SLICER_GUIDE = [
    "Electronics Preparation\n"
    "Before beginning assembly, install the programs the printer is driven with.\n"
    "Download and Configure the Slicer\n"
    "The slicer takes a 3D model and cuts it into the layers a printer can print.\n"
    "1. Go to the slicer download website at https://example.com/slicer/list.\n"
    "2. Scroll down if necessary and select the most recent version 15 release.",
    "3. A window will pop up asking for your usage of the software. Select I do not want to "
    "share any information.\n"
    "4. Once downloaded, install the slicer and uncheck the option to install drivers.\n"
    "5. Once installation is completed, run the slicer to set up the printer profile.\n"
    "Printer profile\nThe profile holds the bed size and the nozzle diameter."]


def test_a_procedure_opening_a_page_is_shown_from_its_first_step_on_the_page_before(
        library, tmp_path):
    """The VORON guide's slicer steps 1 and 2 end one page, 3 to 5 open the next. Asked what
    to click through, the answer began at step 2: the download site of step 1 was left out."""
    list(library.ingest([write_pdf(tmp_path / "printer guide.pdf", SLICER_GUIDE,
                                   keep_lines=True)]))
    answer = library.ask("setting up the slicer - what do i click through in the installer "
                         "window?", with_model=False).composed
    lines = answer.text.splitlines()
    assert lines[0].startswith("1. Go to the slicer download website"), lines
    assert any(line.startswith("4. Once downloaded") for line in lines), lines
    assert next(c for c in answer.citations if "download website" in c.quote).page == 1


PARTS_LIST = ("Electronics\n"
              "Description MZBot Part # Supplier Supplier Part # Qty\n"
              "NEMA 17 Stepper VB-EL-01-SM1 Amazon Link 2\n"
              "RAMPS 1.4 SP VB-EL-01-RSP Amazon 1\n"
              "Bed Thermistor – M3 Hex\n"
              "Stud – EPOCS VB-EL-01-TB1 eBay Link 1\n"
              "Silicone Heater 110V 250W VB-EL-01-BH1 Omega SRFG-505/10-P 1\n"
              "110V SSR – Omron VB-EL-01-SSR1 Mouser 653-G3A-210B-DC5 1\n")


def test_a_parts_list_row_wrapped_over_lines_is_read_to_its_count(library, tmp_path):
    """The VORON parts list wraps a description ("Bed Thermistor – M3 Hex" / "Stud – EPOCS
    ... 1"): each line was a unit cited apart, and "M3 Hex Stud" was never shown whole."""
    list(library.ingest([write_pdf(tmp_path / "printer guide.pdf", [PARTS_LIST],
                                   keep_lines=True)]))
    answer = library.ask("In the bill of materials, what size hex stud is the bed thermistor?",
                         with_model=False).composed
    assert "M3 Hex Stud" in " ".join(answer.text.split()), answer.text
    assert any("M3 Hex" in c.quote and "VB-EL-01-TB1" in c.quote for c in answer.citations)


TIMING_TABLE = ("Stepper drive timing. Times listed are in nanoseconds (ns).\n"
                "Manufacturer Model Step Time Step Space Direction Hold Direction Setup\n"
                "Pololu A4988\nStepper\nMotor\nDriver\nCarrier\n1000 1000 200 200 Rising\nEdge\n"
                "http://www.pololu.com/-\ncatalog/-\nproduct/-\n1182/\n"
                "Pololu DRV8825\nStepper\nMotor\nDriver\nCarrier\n1900 1900 650 650 Rising\nEdge\n"
                "http://www.pololu.com/-\ncatalog/-\nproduct/-\n2132/\n")


def test_a_table_row_wrapped_one_cell_word_a_line_answers_whole(library, tmp_path):
    """A narrow table column prints "Pololu DRV8825" / "Stepper" / "Motor" / ... / "1900 1900
    650 650 Rising": the row is read whole, and the pieces of its web address never answer."""
    list(library.ingest([write_pdf(tmp_path / "integrator.pdf", [TIMING_TABLE],
                                   keep_lines=True)]))
    answer = library.ask("pololu drv8825 stepconf timing numbers in ns?",
                         with_model=False).composed
    assert "Pololu DRV8825 Stepper Motor Driver Carrier 1900 1900 650 650 Rising" in \
        answer.text, answer.text
    assert not any(line.startswith(("catalog/-", "product/-", "http://www.pololu.com/-"))
                   for line in answer.text.splitlines()), answer.text


def test_a_value_question_naming_a_model_is_answered_with_its_row(library, tmp_path):
    """Asked in Chinese how many nanoseconds the Pololu A4988's timings are, the table's rows
    state bare numbers (its unit is in the line above the header): the row of the model asked
    about answers, not the servo drive "DCS810S" whose name read as 810 seconds."""
    servo = ("Leadshine\nUSA\nBrushed\nservo\nDCS810S\n80V 20A\n1000 1000 7000 5000 Rising\nEdge\n"
             "http://leadshineusa.com/-\nUploadFile/-\nDown/-\nDCS810V1m.pdf\n")
    header, rows = TIMING_TABLE.split("Pololu A4988", 1)
    list(library.ingest([write_pdf(tmp_path / "integrator.pdf",
                                   [header + servo + "Pololu A4988" + rows],
                                   keep_lines=True)]))
    answer = library.ask("步进时序表里 Pololu A4988 驱动载板的步进时间、步进间隔、方向保持和"
                         "方向建立各是多少纳秒？", with_model=False).composed
    assert "1000 1000 200 200" in answer.text, answer.text
    assert answer.text.index("Pololu A4988") < answer.text.find("DCS810S") or \
        "DCS810S" not in answer.text, answer.text


SENSOR_SETTINGS = ("3.2 100K NTC or PT1000 setting\n"
                   "1. Version without MAX31865: with a 100K NTC thermistor no jumper is "
                   "needed, the pull-up of TH0 is then 4.7K.\n"
                   "2. Version with MAX31865: choose PT100 or PT1000, two or four wires, with "
                   "the DIP switch;\n"
                   "1 2 3 4 Sensor Model\n"
                   "ON ON ON OFF Two lines PT100\n"
                   "ON ON OFF ON Two lines PT1000\n"
                   "OFF OFF ON OFF Four-wire PT100\n"
                   "OFF OFF OFF ON Four-wire PT1000\n")


def test_a_step_that_answers_keeps_the_table_it_brings_in(library, tmp_path):
    """The step that answers ("2. ... choose PT100 or PT1000 ... with the DIP switch;") is the
    last of its run and the switch table is under it: the run ended before the table (lines
    after a last step belong to what follows), and the answer was the two steps without the
    switch settings asked for."""
    list(library.ingest([write_pdf(tmp_path / "toolhead board.pdf", [SENSOR_SETTINGS],
                                   keep_lines=True)]))
    answer = library.ask("On the MAX31865 version, how do I set DIP switches 1-4 for a "
                         "two-wire PT100?", with_model=False).composed
    assert "ON ON ON OFF Two lines PT100" in answer.text, answer.text
    assert answer.text.index("2. Version with MAX31865") < answer.text.index("ON ON ON OFF")


GECKO_ROWS = [("201x", "500 3000 20000 1000 Falling", "stepper-drives", "g201-", "rev-16.html"),
              ("202", "500 4500 20000 1000 Falling", "stepper-drives", "g202-", "rev-15.html"),
              ("203v", "1000 2000 200 200 Rising", "stepper-drives", "g203v-", "rev-7.html"),
              ("212", "500 4000 20000 1000 Falling", "stepper-drives", "g212-", "rev-15.html"),
              ("213v", "2000 1000 200 200 Rising", "stepper-drives", "g213v-", "rev-7.html"),
              ("320x", "1000 2500 200 200 Rising", "dc-servo-drives", "g320x-", "rev-10.html")]
GECKO_TABLE = "Stepper drive timing. Times listed are in nanoseconds (ns).\n" + \
    "Manufacturer Model Step Time Step Space Direction Hold Direction Setup\n" + "".join(
        f"Gecko {model} {times} Edge http://www.geckodrive.com support/- motor-control-manuals/-\n"
        f"{kind}/- {piece}\n{tail}\n" for model, times, kind, piece, tail in GECKO_ROWS)


def test_a_table_rows_wrapped_web_address_takes_no_line_of_the_answer(library, tmp_path):
    """The driver table's last column wraps each row's web address onto lines of their own
    ("stepper-drives/- g212-", "rev-15.html"): shown, they took the lines the rows needed. The
    address's start, broken at the row's end, is left out of the row's line."""
    list(library.ingest([write_pdf(tmp_path / "integrator.pdf", [GECKO_TABLE],
                                   keep_lines=True)]))
    answer = library.ask("gecko 213v stepconf timing in ns?", with_model=False).composed
    lines = answer.text.splitlines()
    assert any(line.startswith("Gecko 213v 2000 1000 200 200 Rising") for line in lines), lines
    assert any(line.startswith("Manufacturer Model Step Time") for line in lines), lines
    assert not [line for line in lines if line.startswith(("stepper-drives/-", "rev-",
                                                            "dc-servo-drives/-"))], lines
    assert not [line for line in lines if "motor-control-manuals/-" in line], \
        "the address the cell broke says nothing either"


def test_a_question_naming_a_model_is_answered_with_that_models_row(search_models):
    """A page of the driver table's rows, its makers on lines of their own ("Wantai Motors"):
    the row of the model asked about leads (with the rows around it, as the table prints
    them), not the note asking readers to add to the list, which shares more of the
    question's words."""
    page = ("www.cncdrive.com Dugong 1000 2500 1000 1000\n"
            "Wantai Motors\n"
            "DQ542MA 5050 5050 500 500 ? http://www.wantmotor.com/\n"
            "Leadshine USA Digital\n"
            "DM422 1500 1500 8000 5000 Rising Edge\n"
            "Please add to this list of step and direction timings using the stepconf wizard "
            "format and in nanoseconds so it will be uniform.\n")
    shown = _chosen_text("What step time, step space, direction hold and direction setup does "
                         "the stepper timing table list for the Wantai DQ542MA?", page,
                         search_models).splitlines()
    assert not shown[0].startswith("Please add"), shown
    assert any(line.startswith("DQ542MA 5050 5050 500 500") for line in shown), shown


def test_a_code_question_gets_its_row_from_the_right_table_with_header_names(library, tmp_path):
    (tmp_path / "alarm_codes.csv").write_text(ALARMS)
    (tmp_path / "error_codes.csv").write_text(ERRORS)
    list(library.ingest([tmp_path / "alarm_codes.csv", tmp_path / "error_codes.csv"]))

    alarm = library.ask("What does ALARM:3 mean?", with_model=False).composed
    first = alarm.text.splitlines()[0]
    assert "Alarm Code: 3" in first and "Alarm Description: Reset while in motion" in first
    assert "Invalid statement" not in alarm.text

    error = library.ask("grbl error 3 是什么意思", with_model=False).composed
    assert "Error Code: 3" in error.text.splitlines()[0]
    assert "Reset while in motion" not in error.text


def test_a_chinese_question_on_an_english_manual_is_answered_from_its_sentence(
        firmware_library):
    answer = firmware_library.ask("风扇接口 FAN1 的电压是多少？", with_model=False).composed
    assert answer.grounded
    assert "FAN1 carries 24 V" in answer.text.splitlines()[0]


def test_the_composed_answer_is_ready_before_the_model_and_rejected_lines_never_show(
        firmware_library):
    stream = firmware_library.ask("How do I update the X-200 firmware from an SD card?")
    composed = stream.composed
    assert composed.grounded and composed.citations, "on screen before the first model word"
    lines = [written for written in stream if isinstance(written, Line)]
    answer = stream.result()
    assert answer.text.endswith(composed.text)
    for line in lines:
        assert (line.text in answer.text) == line.backed, line
    assert answer.unsupported == [line.text for line in lines if not line.backed]
    assert all(line.text in answer.draft for line in lines)


def test_a_chinese_line_is_kept_by_meaning_and_values_and_refused_on_a_wrong_value(
        search_models):
    page = "The fan connector FAN1 carries 24 V and supplies at most 1 A."
    item = evidence_for("", _hit(page), page)
    item = item.numbered(1, item.sentences)
    meaning = MeaningCheck(search_models.encoder.embed, AnswerSettings().min_meaning)
    [(_, kept)] = check("风扇接口 FAN1 提供 24 V 电压，最大 1 A [1]。", [item], meaning=meaning)
    [(_, wrong)] = check("风扇接口 FAN1 提供 12 V 电压，最大 1 A [1]。", [item], meaning=meaning)
    assert kept is not None and kept.quote == page
    assert wrong is None


def test_meaning_check_scores_only_quotes_holding_the_claims_values(search_models):
    meaning = MeaningCheck(search_models.encoder.embed, 0.0)
    page = "Tighten the bolts to 24 Nm."
    span = evidence_for("", _hit(page), page).sentences[0]
    assert meaning.best("螺栓拧紧到 42 Nm。", [span]) == (None, 0.0)
    found, score = meaning.best("螺栓拧紧到 24 Nm。", [span])
    assert found == span and np.isfinite(score)


def test_sentence_vectors_are_the_models_and_a_page_read_again_costs_no_embedding(
        search_models):
    asked: list[str] = []

    def embed(texts):
        asked.extend(texts)
        return search_models.encoder.embed(texts)

    kept = SentenceVectors(embed, kept=3)
    texts = ["Tighten the bolts to 24 Nm.", "轴承座螺栓拧紧到 24 Nm。"]
    first = kept(texts)
    assert np.allclose(first, [search_models.encoder.embed([text])[0] for text in texts],
                       atol=1e-6)
    assert kept(list(reversed(texts))) == list(reversed(first))
    assert asked == texts, "sentences seen before are not embedded again"
    kept(["a", "b", "c"])
    kept(texts[:1])
    assert asked[-1] == texts[0], "the least recently used is dropped past the limit"


def test_a_sentence_gets_one_vector_whatever_was_embedded_beside_it(search_models):
    # Which sentences a question finds cached decides what is embedded together: the same
    # question asked again must rank its spans on the same vectors.
    sentence = "If it says can't bind /var/state/ups/..., the state path is not writable."
    longer = ("The UPS stores data about the battery, the load and the runtime, and after a "
              "battery change it has to be told about the new battery by a calibration run "
              "that drains it completely while it stays connected to a good ground.")
    alone = SentenceVectors(search_models.encoder.embed)([sentence])[0]
    beside = SentenceVectors(search_models.encoder.embed)([longer, sentence, "short"])[1]
    assert alone == beside


def test_each_question_word_counts_once_whatever_its_number_of_translations():
    question = "电脑要什么配置"  # 电脑: computer; 配置: configuration, config, configure
    selector = "The Configuration Selector copies configuration files into a config folder."
    computer = "LinuxCNC runs well on a computer with the following configuration."
    assert bilingual_coverage(question, computer) == 1.0
    assert bilingual_coverage(question, selector) == 0.5, \
        "three senses of one word are still one word of the question"


def test_a_screw_size_typed_whole_finds_the_parts_list_row_printing_it_apart():
    # "m3x16" is no word of a parts list printing "16mm M3 hex socket screw ... M3-16": its
    # row shared none of "voron kit4 m3x16 要备几颗" but the manual's name, and the answer showed
    # the list's first rows instead.
    question = "kit4 m3x16 要备几颗"
    row = "16mm M3 hex socket screw VB-HW-HSS-M3-16 McMaster Carr 91290A120 19"
    other = "8mm M3 hex socket screw VB-HW-HSS-M3-8 McMaster Carr 91290A113 25"
    assert bilingual_coverage(question, row) > bilingual_coverage(question, other)


def test_a_chip_family_and_a_unit_typed_in_the_question_find_the_line_that_prints_them(
        search_models):
    """"stm32f446 ... in mhz" asks for the core frequency a feature list prints as
    "STM32F446ZET6 ... 180MHz", not for the crystal lines that print "MHz" apart."""
    page = ("Micro-controller Architecture (STMicroelectronics STM32)\n"
            "Clock Reference (8 MHz crystal)\n"
            "Communication interface (USB (on PA11/PA12))\n"
            "Features\n"
            "1. Uses a 32-bit ARM Cortex-M4 series STM32F446ZET6 main control chip with a core "
            "frequency of 180MHz.\n"
            "2. Supports running Klipper and Marlin.\n")
    best = _ranked("octopus stm32f446 - what clock speed in mhz?", page, search_models)[0]
    assert "180MHz" in best.span.text, best.span.text


def test_a_numbered_faq_question_is_not_its_own_answer(search_models):
    page = ("46 I replaced the battery in my APC Smart-UPS and now it thinks the battery is low "
            "all the time. How do you fix this?\n"
            "You need to completely drain the UPS while it has a good ground, then let it "
            "charge to 100% with a lamp as its load.\n")
    question = "After replacing the battery my APC Smart-UPS thinks the battery is low all the "\
               "time. How do I fix it?"
    item = evidence_for(question, _hit(page), page).numbered(1, [])
    encoder = search_models.encoder
    best = rank_spans(question, [item], encoder.embed, encoder.embed_query)[0]
    assert best.span.text.startswith("You need to completely drain the UPS"), best.span.text


def _ranked(question: str, page: str, search_models) -> list[Candidate]:
    """The candidates of one page for the question, best first, with the real search model."""
    item = evidence_for(question, _hit(page), page).numbered(1, [])
    encoder = search_models.encoder
    return rank_spans(question, [item], encoder.embed, encoder.embed_query)


NUT_FAQ_PAGE = (
    "13 / 16\n"
    "40 I get the following error while building: make[4]: don\u2019t know how to\n"
    "make HP-UX/nut-drvctl.sh. Stop\n"
    "NUT still has some hidden dependencies on GNU Make which show up while running make "
    "distcheck. If you are running\n"
    "make distcheck or its variants, you will need to install GNU Make (devel/gmake in the ports "
    "tree), which is incidentally\n"
    "what the official FreeBSD port of NUT does for all builds.\n"
    "41 I have some problem with some old version . . .\n"
    "Get the latest stable release, and see if it still happens.\n")


def test_a_numbered_faq_entry_stating_its_problem_is_not_its_own_answer(search_models):
    question = "Building NUT stops with \"make[4]: don't know how to make HP-UX/nut-drvctl.sh. "\
               "Stop\". How do I get past it?"
    ranked = _ranked(question, NUT_FAQ_PAGE, search_models)
    assert not any(c.span.text.lstrip().startswith(("40 ", "41 ", "Stop")) for c in ranked)
    assert "GNU Make" in ranked[0].span.text, ranked[0].span.text


def test_contents_lines_are_never_a_span(search_models):
    page = ("2.2.2 RTAI with linuxcnc package . . . . . . . . . . . . . . . . . . . . 5\n"
            "2.2.3 Xenomai with linuxcnc-uspace package . . . . . . . . . . . . . . 5\n"
            "2.3 Problematic Hardware . . . . . . . . . . . . . . . . . . . . . . . 5\n"
            "Xenomai runs the realtime threads of linuxcnc-uspace beside Linux.\n")
    question = "Which package runs LinuxCNC on Xenomai?"
    texts = [c.span.text for c in _ranked(question, page, search_models)]
    assert texts and all(t.startswith("Xenomai runs") for t in texts), texts


def test_a_piece_of_a_shell_command_continued_with_a_backslash_never_leads(search_models):
    page = ("Let the host know and resolve the names of the containers you assigned:\n"
            ":; grep -v '#' /etc/lxc/dnsmasq-hosts.conf \\\n"
            "| while IFS=, read N I ; do \\\n"
            "getent hosts \"$N\" >&2 || echo \"$I $N\" ; \\\n"
            "done >> /etc/hosts\n")
    question = "How do the container names get into /etc/hosts?"
    texts = [c.span.text for c in _ranked(question, page, search_models)]
    assert texts and not any(t.startswith(("|", "\\", "done", "getent")) for t in texts), texts


def test_the_tail_of_a_sentence_begun_on_the_page_before_never_leads(search_models):
    page = ("to tie them together. In most cases the common points of the heavy-duty power "
            "sections of the CNC system will be segregated from the common points of the logic "
            "supply.\n")
    question = "Should I tie the power supply commons of my CNC together?"
    texts = [c.span.text for c in _ranked(question, page, search_models)]
    assert texts and all(t.startswith("In most cases") for t in texts), texts


def _steps_from_intro(question: str, page: str) -> tuple:
    """The steps `choose` shows when only the page's first line, introducing them, was
    ranked."""
    item = evidence_for(question, _hit(page), page).numbered(1, [])
    intro = Candidate(item, item.sentences[0], 1.0, own=1.0)
    return choose(question, [intro], lambda hit: None)[0].steps


def test_steps_found_from_the_line_that_introduces_them_answer_a_how():
    """Of a run of steps, only the line introducing it may be among the embedded candidates
    (the pre-filter prefers lines holding the question's words): the steps still answer."""
    page = ("To update the firmware from an SD card:\n"
            "1. Copy firmware.bin to the root of the card.\n"
            "2. Insert the card with the power off.\n"
            "3. Switch the board on and wait 20 seconds.\n")
    steps = _steps_from_intro("How do I update the firmware from an SD card?", page)
    assert [step.text.split()[0] for step in steps] == ["1.", "2.", "3."]


def test_the_last_step_keeps_the_rest_of_its_paragraph_not_what_follows_the_steps():
    """The file name the technician must type is in the last step's second sentence; the
    paragraph after the steps is not part of them."""
    page = ("To write the FPGA's flash:\n"
            "① Download the Bit file to the FPGA over JTAG.\n"
            "② Here the FPGA is a Xilinx xc7a35t. Write the CFG file and call it with "
            "openocd -f. Name the CFG file usb20jtag.cfg and save it beside openocd.exe.\n"
            "The Link shows its status on the LED.\n")
    shown = " ".join(step.text for step in _steps_from_intro("How do I write the FPGA's flash?",
                                                              page))
    assert "usb20jtag.cfg" in shown, shown
    assert "LED" not in shown, shown


def _chosen_text(question: str, page: str, search_models) -> str:
    """The lines `choose` shows for the question from one page, ranked by the real search
    model."""
    chosen = choose(question, _ranked(question, page, search_models), lambda hit: None)
    return "\n".join(line.text for c in chosen for line in (c.steps or (c.span,)))


def test_a_how_matched_by_a_paragraph_gets_the_steps_under_its_sub_heading(search_models):
    """The paragraph saying what the image is matches the question best; the procedure is
    the steps under the sub-heading that follows it."""
    page = ("The Live/Install image is a hybrid image which can be written directly to a USB "
            "stick or a DVD and used to boot a computer.\n"
            "The image is too large to fit on a CD.\n"
            "Writing the image to a USB stick in Linux\n"
            "1. Connect the USB stick.\n"
            "2. Find the device file of the stick in the output of dmesg.\n"
            "3. Write the image with dd, for example:\n"
            "dd if=live.iso of=/dev/sde\n")
    shown = _chosen_text("How do I write the Live/Install image to a USB stick from Linux?",
                         page, search_models).splitlines()
    assert [line.split()[0] for line in shown[:3]] == ["1.", "2.", "3."], shown
    assert shown[-1] == "dd if=live.iso of=/dev/sde", shown


def test_a_how_matched_by_a_paragraph_gets_the_steps_it_introduces_with_their_settings(
        search_models):
    """LinuxCNC's sim configuration: the paragraph on the generated HAL file matches best, and
    "... with the following steps:" introduces the procedure. The INI lines the last step
    lists are what the technician types, the new HALFILE line last."""
    page = ("The equivalent HAL file is created in the configuration directory. If there are "
            "HALFILEs specified before LIB:basic_sim.tcl, their halcmd commands are included "
            "too.\n"
            "The equivalent HAL file can be used to create a new configuration with the "
            "following steps:\n"
            "1. Run the simulator configuration to create the equivalent HAL file "
            "example_cmds.hal.\n"
            "2. To use the equivalent HAL file in the simulator configuration INI file, edit to "
            "change:\n"
            "[HAL]\n"
            "HALFILE = LIB:basic_sim.tcl other_parameters\n"
            "to:\n"
            "[HAL]\n"
            "HALFILE = ./example_cmds.hal\n"
            "5.12.2.2 Notes\n"
            "All components made by LIB:basic_sim.tcl can be viewed using halcmd.\n")
    shown = _chosen_text("My sim uses HALFILE = LIB:basic_sim.tcl. How do I switch it to the "
                         "equivalent HAL file?", page, search_models).splitlines()
    assert shown[0].startswith("1. Run the simulator configuration"), shown
    assert shown[-1] == "HALFILE = ./example_cmds.hal", shown


def test_a_how_whose_best_line_introduces_steps_is_answered_with_them(search_models):
    """The line matching the question best introduces the procedure ("... with the following
    steps:"); the steps share few of the question's words, and a sentence beside them shares
    many. The steps still answer, with the INI lines the last one lists."""
    page = ("When LIB:basic_sim.tcl is used, an equivalent HAL file is created in the "
            "configuration directory to show the halcmd commands issued.\n"
            "The equivalent HAL file can be used instead of LIB:basic_sim.tcl in the simulator "
            "configuration with the following steps:\n"
            "1. Run the simulator once.\n"
            "2. Edit the INI file to change:\n"
            "[HAL]\n"
            "HALFILE = ./example_cmds.hal\n"
            "5.12.2.2 Notes\n"
            "All components and connections made by LIB:basic_sim.tcl can be viewed using "
            "halcmd.\n")
    question = "LinuxCNC 仿真配置用的是 LIB:basic_sim.tcl，怎么改成直接用等效的 HAL 文件？"
    shown = _chosen_text(question, page, search_models).splitlines()
    assert shown[0].startswith("1. Run the simulator once"), shown
    assert shown[-1] == "HALFILE = ./example_cmds.hal", shown


def test_a_how_is_answered_by_the_sentence_that_says_it_not_by_unrelated_steps(search_models):
    """A run of steps on the page is no answer to a "how" it does not speak to: the sentence
    saying how the wires are run leads."""
    page = ("The CANH and CANL wires should be twisted around each other, at least one twist "
            "every few centimetres.\n"
            "Each device on the bus has its own id. To find it:\n"
            "1. Make sure the hardware is powered and wired correctly.\n"
            "2. Run ~/klippy-env/bin/python ~/klipper/scripts/canbus_query.py can0.\n"
            "3. The command reports the id of every device not yet configured.\n")
    shown = _chosen_text("How should the CANH and CANL wires of a CAN bus be run?", page,
                         search_models)
    assert shown.startswith("The CANH and CANL wires should be twisted"), shown


def test_a_how_whose_best_line_is_a_numbered_note_is_answered_with_the_procedure(search_models):
    """A note of a numbered list that names the task ("4. It is recommended to update the
    firmware using the SD card") shares more words with the question than any step does; the
    procedure still answers, as in the Octopus manual."""
    page = ("Updating the firmware\n"
            "1. Copy the firmware file firmware.bin to the SD card.\n"
            "2. Insert the SD card into the board and reset it.\n"
            "3. Check that the file on the card was renamed to FIRMWARE.CUR.\n"
            "Precautions\n"
            "1. Never work on the board with power applied.\n"
            "2. Always double check all jumpers and wiring before applying power.\n"
            "3. The board can power heated beds up to 300W.\n"
            "4. It is recommended to update the firmware using the SD card rather than DFU.\n")
    shown = _chosen_text("How do I update the firmware with an SD card?", page, search_models)
    assert shown.startswith("1. Copy the firmware file firmware.bin"), shown
    assert "FIRMWARE.CUR" in shown, shown


def test_a_how_matching_the_notes_under_a_procedure_gets_the_procedure_and_its_notes(
        search_models):
    """The notes under the WCH-Link manual's steps repeat the question's words ("USB offline
    update"); the steps above them are what the technician does, shown first, and the notes
    that belong to them stay."""
    page = ("6.5 WCHISPStudio USB Offline Update\n"
            "① To update the Link into BOOT mode, short connect J1 and then power up the Link\n"
            "② WCHISPStudio tool will automatically pop up the adaptation window\n"
            "③ Add Link offline upgrade firmware to the target program file\n"
            "④ Click the download button\n"
            "Notes:\n"
            "(1) USB offline update is only supported by WCH-Link, WCH-DAPLink and WCH-LinkW.\n"
            "(2) WCH-LinkE-R0-1v3 is only updated offline from firmware version v2.8 and above.\n"
            "(3) Link offline upgrade firmware is in the MounRiver Studio installation path.\n")
    shown = _chosen_text("How do I do a USB offline update of the WCH-Link firmware?", page,
                         search_models).splitlines()
    assert shown[0].startswith("① To update the Link into BOOT mode"), shown
    assert [line[0] for line in shown[:4]] == ["①", "②", "③", "④"], shown
    assert any(line.startswith("(1) USB offline update is only supported") for line in shown), \
        shown


def test_steps_begun_on_the_page_before_are_not_shown_from_the_middle(search_models):
    """Steps ⑤ to ⑥ above the notes began on the page before; shown alone they would be half a
    procedure, so the notes the question matches answer as they are."""
    page = ("⑤ Click the icon to disable the chip read-protect\n"
            "⑥ Click the icon to execute the download\n"
            "Notes:\n"
            "(1) The Link to be updated is limited to the WCH-LinkE.\n"
            "(2) When the Link enters IAP mode, the blue LED flashes.\n")
    shown = _chosen_text("How do I get the WCH-LinkE into IAP mode?", page,
                         search_models).splitlines()
    assert not shown[0].startswith("⑤"), shown
    assert any("IAP mode, the blue LED flashes" in line for line in shown), shown


def test_a_step_of_one_way_among_several_is_shown_with_every_way_and_its_steps():
    """The WCH-Link manual's mode switching: three ways, each with circled steps under it; a
    step of the first way is one way of three, and the notes after the last way are not."""
    page = ("1.2 Mode Switching\n"
            "Way 1: Use MounRiver Studio software to switch Link mode.\n"
            "(This method is applicable to WCH-Link and WCH-LinkE)\n"
            "① Click arrow in the shortcut toolbar to bring up the download configuration window\n"
            "② Click Query on the right side of Target Mode to view the current Link mode\n"
            "③ Click Target Mode option box, select the target Link mode, click Apply \n"
            "Way 2: Use WCH-LinkUtility tool to switch Link mode.\n"
            "① Click Get on the right side of Active WCH-Link mode to view the current Link mode\n"
            "② Click Active WCH-Link mode option box, select the target Link mode, click Set \n"
            "Way 3: Use ModeS key to switch Link mode.\n"
            "(This method is applicable to WCH-LinkE-R0-1v2 and above)\n"
            "① Press and hold the ModeS key to power up the Link\n"
            "Notes:\n"
            "(1) The blue LED flashes when downloading and debugging.\n"
            "(2) The Link maintains the switched mode for subsequent use.\n")
    shown = [" ".join(line.split()) for line in _steps_chosen(
        "How do I switch the Link to ARM mode with Target Mode?", page, "② Click Query")]
    assert [line.split(":")[0] for line in shown if line.startswith("Way")] == [
        "Way 1", "Way 2", "Way 3"], shown
    assert shown[-1] == "① Press and hold the ModeS key to power up the Link", shown
    applying = next(line for line in shown if "click Apply" in line)
    assert "Way 2" not in applying, "a way's line is its own, not the tail of the step above it"


def test_a_how_is_answered_by_its_steps_not_by_a_table_cell_naming_its_words():
    """A feature table's cell names the question's words best ("ARM-SWD mode-WINUSB device")
    and says how to do nothing; the steps below match a little less well, each on its own
    (within `RUN_BESIDE` of it)."""
    page = ("Function items: ARM-SWD mode-WINUSB device\n"
            "To switch the Link to ARM mode:\n"
            "1. Click Query on the right side of Target Mode to view the current Link mode.\n"
            "2. Click Target Mode option box, select the ARM mode, click Apply.\n"
            "3. Power the Link up again; the blue LED stays on in ARM mode.\n")
    question = "how to flip the link to arm swd mode"
    item = evidence_for(question, _hit(page), page).numbered(1, [])
    lines = {line.text.split()[0]: line for line in item.sentences}
    ranked = [Candidate(item, lines["Function"], 1.2, own=1.0),
              Candidate(item, lines["1."], 1.0, own=0.9),
              Candidate(item, lines["2."], 0.9, own=0.85),
              Candidate(item, lines["3."], 0.8, own=0.8)]
    chosen = choose(question, ranked, lambda hit: None)
    shown = [line.text for line in chosen[0].steps]
    assert [line.split()[0] for line in shown] == ["1.", "2.", "3."], shown


def test_a_how_answered_in_a_sentence_is_not_shown_steps_that_match_it_much_less():
    """The utility's manual says how in one sentence ("Tick Auto download when WCH-Link was
    linked ..."); another page's numbered steps (updating the Link's own firmware) share a
    few of the question's words. Shown as the answer, those steps were the wrong procedure."""
    steps = ("Updating the Link firmware:\n"
             "1. Connect the Link to be updated to the computer.\n"
             "2. Open the update tool and select the Link chip model.\n"
             "3. Click download and wait until the tool reports success.\n")
    prose = ("Tick Auto download when WCH-Link was linked to enable automatic continuous "
             "download of the project.\n")
    question = "how do I turn on automatic continuous download in the link utility"
    sentence = evidence_for(question, _hit(prose), prose).numbered(1, [])
    hit = replace(_hit(steps), doc_id="d2", file="link-utility.pdf", page=7)
    run = evidence_for(question, hit, steps).numbered(2, [])
    lines = {line.text.split()[0]: line for line in run.sentences}
    ranked = [Candidate(sentence, sentence.sentences[0], 1.2, own=1.0),
              Candidate(run, lines["1."], 1.0, own=0.8),
              Candidate(run, lines["2."], 0.9, own=0.75),
              Candidate(run, lines["3."], 0.8, own=0.7)]
    chosen = choose(question, ranked, lambda hit: None)
    assert chosen[0].item is sentence and "Tick Auto download" in chosen[0].span.text


def test_a_step_asked_about_is_shown_with_its_short_procedure():
    """"Which command" matches step 3; the device name it needs comes from step 2."""
    page = ("Writing the image to a USB stick in Linux\n"
            "1. Connect the USB stick.\n"
            "2. Find the device file of the stick in the output of dmesg after connecting it.\n"
            "3. Use the dd command to write the image to the stick, for example:\n"
            "dd if=linuxcnc.iso of=/dev/sde\n"
            "The image is too large to fit on a CD.\n")
    shown = _steps_chosen("which command writes the linuxcnc image to a usb stick on linux?",
                          page, "3.")
    assert [line.split()[0] for line in shown[:3]] == ["1.", "2.", "3."], shown
    assert shown[-1].endswith("dd if=linuxcnc.iso of=/dev/sde"), \
        "the run ends with its last step's command, not the remark after it"


def test_a_step_wrapped_over_printed_lines_is_one_line_and_its_commands_stay_apart():
    page = ("To recover the chip:\n"
            "(1) If the download is not \n"
            "successful, enter BOOT mode (BOOT0 to \n"
            "VCC, BOOT1 to GND).\n"
            "(2) Build the tool again:\n"
            "cd ~/tools/\n"
            "make flash\n")
    steps = [" ".join(step.text.split()) for step in
             _steps_from_intro("How do I recover the chip?", page)]
    assert steps[0] == ("(1) If the download is not successful, enter BOOT mode (BOOT0 to VCC, "
                        "BOOT1 to GND)."), steps
    assert steps[-2:] == ["cd ~/tools/", "make flash"], steps


def test_a_config_listing_printed_after_the_last_step_stays_with_it():
    """In a PDF, "#" starts a comment of the listing, not a Markdown heading."""
    page = ("To write the FPGA's flash:\n"
            "① Download the Bit file to the FPGA over JTAG.\n"
            "② Write the CFG file and call it with openocd -f.\n"
            "# Specify the WCH-LinkE high-speed JTAG debugger\n"
            "adapter driver ch347\n"
            "ch347 vid_pid 0x1a86 0x55dd\n"
            "The Link shows its status on the LED.\n")
    shown = [step.text for step in _steps_from_intro("How do I write the FPGA's flash?", page)]
    assert "adapter driver ch347" in shown and "ch347 vid_pid 0x1a86 0x55dd" in shown, shown
    assert not any("LED" in line for line in shown), shown


def test_the_line_that_states_the_fix_outweighs_the_line_that_restates_the_problem():
    question = "nut driver can't bind state path"
    problem = "If it says can't bind /var/state/ups/... then your state path is not writable."
    fix = "chown root:nut /var/state/ups\nchmod 0770 /var/state/ups"
    assert specifics(question, fix) > specifics(question, problem) == 0
    assert specifics("Why is chmod 0770 /var/state/ups needed?", fix) < specifics(question, fix), \
        "what the question names itself is not something the line tells"
    assert specifics(question, "Check the permissions on that directory.") == 0


FEATURES_MANUAL = """# Y-300 board manual

## Features

1. Supports up to 6 PWM fans, each on a voltage rail of its choice.
2. Includes a bootloader for firmware updates from the SD card.
3. Supports firmware update via DFU mode, for advanced users.
4. Provides two stepper outputs for a dual Z axis.
5. Uses replaceable fuses on every heater output.

## Flashing in DFU mode

Hold the BOOT button, press RESET once and release BOOT: the board enters DFU mode.
Then run dfu-util -a 0 -s 0x08000000 -D klipper.bin on the host to flash it.
"""


def test_a_how_question_is_not_answered_with_a_feature_list(library, tmp_path):
    (tmp_path / "y300_manual.md").write_text(FEATURES_MANUAL)
    list(library.ingest([tmp_path / "y300_manual.md"]))

    answer = library.ask("How do I flash the Y-300 in DFU mode?", with_model=False).composed
    assert answer.grounded
    assert "Hold the BOOT button" in answer.text, answer.text
    assert "PWM fans" not in answer.text and "replaceable fuses" not in answer.text, \
        "a feature list naming DFU is not the procedure"


BRANCHES_MANUAL = """# PX-2 board manual

## NPN probes

An NPN probe on the PROBE port needs an external 4.7K pull-up resistor to 5V.

## PNP probes

A PNP probe is read through the 10K divider fitted on the board, and its pin is set to PA1
in the firmware.

## Boot area: CH32V003, CH641

CH32V003 与 CH641 的 BOOT 区与用户区之间的函数跳转有 1us 延时。

## Boot area: V006

V006 系列芯片没有额外的跳转延时时间。
"""


def test_a_question_setting_a_branch_aside_is_answered_from_the_other_branch(library, tmp_path):
    # The page gives two branches; the question names the one it is not on, and that
    # branch's line shares the named code.
    (tmp_path / "px2_manual.md").write_text(BRANCHES_MANUAL, encoding="utf-8")
    list(library.ingest([tmp_path / "px2_manual.md"]))

    answer = library.ask("My probe is PNP, not NPN. What does the PROBE port need for it?",
                         with_model=False).composed
    assert answer.text.startswith("A PNP probe is read through"), answer.text
    answer = library.ask("不是 CH32V003 或 CH641，而是 V006 系列芯片，跳转还有延时吗？",
                         with_model=False).composed
    assert answer.text.startswith("V006 系列芯片没有额外的跳转延时"), answer.text


JTAG_MANUAL = """# LK-2 probe manual

## Downloading to the FPGA

1. Write the CFG file and use "openocd -f" to call it.
2. Name the CFG file as lk2jtag.cfg and save it to the location of the openocd.exe file.
3. Run the command: openocd.exe -f lk2jtag.cfg in a Windows terminal.

Notes.
(1) The bit file is converted with an open source project.
(2) openocd.exe file location: Studio\\toolchain\\OpenOCD\\bin
"""


def test_a_question_asking_where_a_file_is_gets_the_line_with_its_folder(library, tmp_path):
    # The step naming the file shares the question's words; the note printing the folder
    # answers.
    (tmp_path / "lk2_manual.md").write_text(JTAG_MANUAL, encoding="utf-8")
    list(library.ingest([tmp_path / "lk2_manual.md"]))

    for question in ("Where is openocd.exe located?", "openocd.exe 文件在哪个目录？"):
        lead = library.ask(question, with_model=False).composed.text.splitlines()[:2]
        assert any(line.startswith("(2) openocd.exe file location: Studio\\toolchain")
                   for line in lead), lead


TOOLBOARD_MANUAL = """# TB36 CAN toolboard manual

## Thermistor

With a 100K NTC thermistor no jumper is fitted, and TH0 then uses a 4.7K pull-up.
"""

MAINBOARD_MANUAL = """# QB90 mainboard manual

## Thermistor inputs

Using an NTC100K thermistor on a TH0 input, fit the jumper to protect the input.
"""


def _answer_from_notes(library, tmp_path, notes: dict[str, str], question: str):
    """The composed answer to `question` from a library holding `notes` (file name: text)."""
    for name, text in notes.items():
        (tmp_path / name).write_text(text)
    list(library.ingest([tmp_path / name for name in notes]))
    return library.ask(question, with_model=False).result()


def test_a_question_naming_a_product_is_answered_from_that_products_manual(library, tmp_path):
    answer = _answer_from_notes(
        library, tmp_path, {"tb36_manual.md": TOOLBOARD_MANUAL, "qb90_manual.md": MAINBOARD_MANUAL},
        "Using an NTC100K thermistor on the TB36's TH0 input, do I fit the jumper?")
    assert answer.grounded
    assert answer.citations[0].file == "tb36_manual.md", answer.text
    assert "no jumper is fitted" in answer.text.splitlines()[0], answer.text


HOST_FAQ = """# Host software FAQ

## Do I have to wire devices to special pins?

SPI pins: When using hardware SPI the pins must go to the controller's SPI capable pins.
However, most devices can be configured to use software SPI, in which case any general
purpose IO pins may be used.
"""

BOARD_FEATURES = """# QB90 mainboard features

1. Provides an SPI expansion port which can connect SPI based modules such as the MAX31865.
2. Supports the power loss print resume function.
"""


def test_a_product_given_as_an_example_does_not_pick_the_manual(library, tmp_path):
    # "such as a MAX31865 board" gives an example: the board manual naming the MAX31865 in its
    # feature list was preferred over the FAQ that answers for every SPI device.
    answer = _answer_from_notes(
        library, tmp_path, {"host_faq.md": HOST_FAQ, "qb90_features.md": BOARD_FEATURES},
        "Does an SPI device such as a MAX31865 board have to be wired to the hardware SPI pins?")
    assert answer.grounded and "software SPI" in answer.text, answer.text


PRINTER_FAQ = """# Printer host FAQ

## Can I run the host software on a Raspberry Pi?

The recommended hardware is a Raspberry Pi 2, Raspberry Pi 3, or Raspberry Pi 4. The host will
run on a Raspberry Pi 1 too, but print stalls are common on these slower boards during prints.

## My Raspberry Pi keeps rebooting during prints

This is most likely due to voltage fluctuations. Follow the same troubleshooting steps as for
a lost communication error.

## Can I print from the Raspberry Pi while it renders video?

An intensive task on the Raspberry Pi during a print may cause print errors.
"""


def test_an_faq_entrys_first_sentence_is_read_with_its_heading(library, tmp_path):
    # The cause sits in the entry's first sentence, which never repeats the problem: read
    # alone it meant nothing near the question, and the answer quoted the entries about
    # Raspberry Pi models and print stalls.
    answer = _answer_from_notes(
        library, tmp_path, {"printer_faq.md": PRINTER_FAQ},
        "The Raspberry Pi keeps rebooting in the middle of prints. What does the FAQ blame?")
    assert answer.grounded and "voltage fluctuations" in answer.text.splitlines()[0], answer.text


MILLCTL_GLOSSARY = """# MillCtl glossary

## Feed rate

MillCtl reads the feed rate from the program. MillCtl shows it on the main screen.
F10 would mean ten machine units per minute.

## Spindle

MillCtl starts the spindle with M3 and stops it with M5. MillCtl supports one spindle.

## Start

At boot MillCtl homes every axis. The boot takes 20 seconds.
"""

BOOT_AREA_NOTE = """# Using the boot area as user flash

The boot area holds 1920 bytes. Code in the boot area runs 1 us slower.
"""


KX9_MANUAL_ZH = """# KX9 CAN V1.1 喷头板

KX9 CAN V1.1 是针对 36 步进电机挤出机制作的喷头转接板，可以通过 USB 或者 CAN 进行通讯。

## 特点

1. 感性负载接口（风扇）都加了续流二极管，采用 SOD-323 封装的肖特基二极管。
2. 板载热敏电阻的保护电路，避免因加热棒漏电导致主控芯片烧毁。
"""


def test_a_products_name_every_source_shares_does_not_count_a_topic_in_a_file_name_does(
        library, tmp_path):
    """When every source is the MillCtl manual, "millctl" tells none of its lines apart (a
    line repeating the name outranked the one saying what F10 means); "boot" of a note named
    after its topic, and written in other manuals too, is what the question asks about, and
    still counts."""
    (tmp_path / "millctl_manual.md").write_text(MILLCTL_GLOSSARY)
    (tmp_path / "boot_area_note.md").write_text(BOOT_AREA_NOTE)
    (tmp_path / "kx9_can_v1.1_manual_zh.md").write_text(KX9_MANUAL_ZH)
    list(library.ingest([tmp_path / "millctl_manual.md", tmp_path / "boot_area_note.md",
                         tmp_path / "kx9_can_v1.1_manual_zh.md"]))
    files = {record.doc_id: record.file for record in library.documents()}

    def ignored(question: str, file: str) -> frozenset[str]:
        hits = [hit for hit in library.search(question, k=3) if hit.file == file]
        evidence = [evidence_for(question, hit, library.catalog.page_text(hit.doc_id,
                                                                          hit.page_index))
                    for hit in hits]
        return product_words(question, evidence, None, library.keywords.pages_containing,
                             files)

    assert ignored("millctl feed f10 - what does it mean?", "millctl_manual.md") == {"millctl"}
    assert "boot" not in ignored("how big is the boot area?", "boot_area_note.md")
    # The asked code's manual alone: its file name's "can" and "v1.1" are on its introduction
    # line ("KX9 CAN V1.1 是……喷头转接板"), which then outranked the line on the fan diodes.
    assert {"kx9", "can", "v1.1"} <= ignored(
        "Does the KX9 CAN V1.1 have flyback diodes on its fan outputs?",
        "kx9_can_v1.1_manual_zh.md")


CH32_MANUAL_ZH = """# CH32V003 评估板说明书

## 下载

使用 WCHISPTool 工具对芯片进行下载，仅支持串口下载（PD5、PD6）。
该工具仅做 IAP 升级使用，IAP 程序固化在 BOOT 中。
"""

CH32_MANUAL_EN = """# CH32V003 evaluation board manual

## Download

Use WCHISPTool tool to download the chip, only support serial port download (PD5, PD6).
The board is powered from the USB port at 5 V.
"""


def test_a_passage_is_shown_once_in_the_questions_language_not_again_translated(
        library, tmp_path):
    (tmp_path / "ch32v003_manual_zh.md").write_text(CH32_MANUAL_ZH)
    (tmp_path / "ch32v003_manual_en.md").write_text(CH32_MANUAL_EN)
    list(library.ingest([tmp_path / "ch32v003_manual_zh.md", tmp_path / "ch32v003_manual_en.md"]))

    question = "CH32V003 用 WCHISPTool 串口下载，接哪两个引脚？"
    answer = library.ask(question, with_model=False).result()
    assert "仅支持串口下载（PD5、PD6）" in answer.text, answer.text
    assert "only support serial port download" not in answer.text, "the same passage twice"


def test_of_a_passage_in_two_languages_the_one_in_the_questions_language_stays(search_models):
    chinese = "使用 WCHISPTool 工具对芯片进行下载，仅支持串口下载（PD5、PD6）。"
    english = ("Use WCHISPTool tool to download the chip, only support serial port download "
               "(PD5, PD6).")
    question = "Which pins does WCHISPTool use for serial download on the CH32V003?"
    zh = evidence_for(question, Hit(doc_id="zh", file="ch32_zh.pdf", path="/m/ch32_zh.pdf",
                                    page=6, label=None, score=0.8, text=chinese, start=0,
                                    end=len(chinese)), chinese).numbered(1, [])
    en = evidence_for(question, _hit(english), english).numbered(2, [])
    ranked = [Candidate(zh, zh.sentences[0], score=1.0), Candidate(en, en.sentences[0], score=0.9)]

    shown = choose(question, ranked, lambda hit: None, search_models.encoder.embed)
    assert [c.span.text for c in shown] == [english]


def test_the_manual_of_a_chips_family_answers_for_the_chip(library, tmp_path):
    # The evaluation board manual never writes "CH32V003": it names the family, CH32V00x.
    (tmp_path / "ch32v00x_evb_manual.md").write_text(
        "# CH32V00x evaluation board manual\n\n## Download\n\n"
        "For a serial download, connect PD5 and PD6 to the adapter's RX and TX.\n")
    (tmp_path / "usb_adapter_manual.md").write_text(
        "# USB serial adapter manual\n\n## Serial download\n\n"
        "Which pins to use for a serial download with WCHISPTool: the adapter's TX and RX.\n")
    list(library.ingest([tmp_path / "ch32v00x_evb_manual.md", tmp_path / "usb_adapter_manual.md"]))

    answer = library.ask("Which pins does the CH32V003 use for a serial download with WCHISPTool?",
                         with_model=False).result()
    assert answer.grounded
    assert answer.text.startswith("For a serial download, connect PD5 and PD6"), answer.text


def test_a_line_repeating_the_products_name_does_not_outrank_the_line_that_answers(
        library, tmp_path):
    (tmp_path / "tb36_can_v1.1_manual.md").write_text(
        "# TB36 CAN V1.1 manual\n\n## DFU update\n\n"
        "On the TB36 CAN V1.1 and the TB42 CAN V1.1, PA2 drives the heater input: using DFU, "
        "unplug the heater first.\n\n## Thermistor\n\n"
        "With a 100K NTC no jumper cap is needed; TH0 then has a 4.7K pull-up.\n")
    (tmp_path / "qb90_manual.md").write_text(MAINBOARD_MANUAL)
    list(library.ingest([tmp_path / "tb36_can_v1.1_manual.md", tmp_path / "qb90_manual.md"]))

    answer = library.ask("Using an NTC100K thermistor on the TB36 CAN V1.1's TH0 input, do I fit "
                         "the jumper?", with_model=False).result()
    assert answer.text.startswith("With a 100K NTC no jumper cap is needed"), answer.text


def test_a_question_naming_a_board_shows_no_lines_of_another_boards_manual(library, tmp_path):
    """Two boards of one maker, each manual with its own firmware settings: asked for the
    Octo's, the answer shows the Octo's settings only, never the Ebb's beside them (a
    technician who reads "No bootloader" under the Octo's settings flashes the wrong
    firmware). Neither name holds a digit, so only the manuals' file names tell the boards
    apart (`index.product_names`)."""
    def manual(board: str, offset: str, clock: str) -> list[str]:
        return [f"Zyx {board} board overview. The {board} board has four fan outputs.",
                f"Building the firmware for the {board} board. Run make menuconfig and "
                f"choose these options:\nBootloader offset ({offset}) --->\n"
                f"Clock Reference ({clock} crystal) --->\nThen run make to build "
                "the firmware."]
    octo = write_pdf(tmp_path / "zyx_octo_board_manual.pdf", manual("Octo", "32KiB bootloader",
                                                                   "8 MHz"))
    ebb = write_pdf(tmp_path / "zyx_ebb_board_manual.pdf", manual("Ebb", "No bootloader",
                                                                 "12 MHz"))
    list(library.ingest([octo, ebb]))

    answer = library.ask("Which bootloader offset and clock reference do I choose in make "
                         "menuconfig for the Zyx Octo?", with_model=False).result()
    assert answer.grounded
    assert "32KiB bootloader" in answer.text and "8 MHz" in answer.text, answer.text
    assert "No bootloader" not in answer.text and "12 MHz" not in answer.text, answer.text
    assert {c.file for c in answer.citations} == {"zyx_octo_board_manual.pdf"}, answer.text


def test_of_two_manuals_printing_the_same_line_the_best_sources_manual_is_cited(search_models):
    """Two manuals print the same instruction; search found the first source's manual best,
    so the answer cites its page, though the other manual's page comes first among the
    spans' pages: the technician opens the manual about his machine (`SpanWeights.elsewhere`)."""
    def item(doc: str, page: str, n: int):
        hit = Hit(doc_id=doc, file=f"{doc}.pdf", path=f"/m/{doc}.pdf", page=n, label=None,
                  score=0.8, text=page, start=0, end=len(page))
        return evidence_for(question, hit, page).numbered(n, [])

    question = "What torque do I tighten the clamp screws to?"
    line = "Tighten the clamp screws to 2 Nm."
    first = item("spindle_manual", "Spindle clamp overview. The clamp holds the spindle.", 1)
    other = item("frame_manual", line, 2)
    answering = item("spindle_manual", line, 3)
    encoder = search_models.encoder
    best = rank_spans(question, [first, other, answering], encoder.embed,
                      encoder.embed_query)[0]
    assert (best.item.hit.doc_id, best.item.n, best.span.text) == ("spindle_manual", 3, line)


def test_a_procedure_written_without_numbers_is_shown_as_its_instructions_over_the_page(
        library, tmp_path):
    """The NUT manual writes "Installing from source" as sub-sections of imperatives and
    commands over two pages, with notes between them. The answer showed the section's intro
    and its notes ("Keep in mind that..."), never ./configure or make install."""
    pages = ["UPS Tools User Manual\nThis manual covers the UPS tools, release 2.8.",
             "5.1 Installing from source\n"
             "These are the essential steps for compiling and installing this software.\n"
             "The paths shown below are the default values you get by calling configure.\n"
             "5.1.1 Prepare your system\n"
             "Create at least one system user and a group for running this software.\n"
             "The exact names are not important as long as you are consistent.\n"
             "Be sure the new user is a member of the new group!",
             "5.1.2 Build and install\n"
             "Configure the source tree for your system.\n"
             "./configure --with-user=ups --with-group=nut\n"
             "This will check the libraries and write the makefiles.\n"
             "Install the files to a system level directory:\n"
             "make install\n"
             "This will install the compiled programs and man pages.\n"
             "5.2 Installing from packages\n"
             "Run apt-get install nut to use the packages of your distribution."]
    list(library.ingest([write_pdf(tmp_path / "ups tools manual.pdf", pages,
                                   keep_lines=True)]))
    answer = library.ask("What are the steps to compile and install the UPS tools from source?",
                         with_model=False).composed
    lines = answer.text.splitlines()
    for step in ("Create at least one system user", "./configure --with-user=ups",
                 "Install the files to a system level directory:", "make install"):
        assert any(line.startswith(step) for line in lines), answer.text
    assert next(c for c in answer.citations if c.quote.startswith("make install")).page == 3
    assert "apt-get" not in answer.text, answer.text
    assert answer.text.index("./configure") < answer.text.index("make install"), answer.text


@pytest.mark.parametrize(("line", "instruction"), [
    ("Configure the source tree for your system.", True),
    ("Then install everything as usual.", True),
    ("• Create the certificate database : certutil -N -d cert_db", True),
    ("make install", True),
    ("CERTPATH /usr/local/ups/etc/cert_db", True),
    ("将跳线帽插到 BOOT0 上，然后重新上电。", True),
    ("This will build the NUT client and server programs.", False),
    ("Keep in mind that. . .", False),
    ("Install the client-side certificate", False),
    ("If you need any other switches for configure, add them here.", False),
    ("To do so, use the -t argument:", True),
    ("GENERATE A SERVER CERTIFICATE FOR UPSD:", False),
    ("Power is supplied by the 24 V input.", False),
    ("主板支持 USB 和 CAN 两种通讯方式。", False),
])
def test_instructions_are_told_by_their_first_word(line, instruction):
    assert is_instruction(line) is instruction


def test_a_procedure_over_four_pages_is_shown_whole_each_step_cited_to_its_page(library,
                                                                              tmp_path):
    """The VORON frame is eight steps over five pages, a step or two a page beside its
    photographs. The answer stopped at the second page: the verticals, the T nuts and the
    top square were never shown."""
    pages = ["Frame assembly\n"
             "Step 1: Secure a corner cube on each bottom extrusion with its screw.\n"
             "Step 2: Insert the bottom T nuts as the diagram shows.",
             "Step 3: Join the four bottom extrusions into a square on a flat surface.\n"
             "Then insert the top T nuts as the diagram shows:\n"
             "TOP",
             "Step 4: Screw in the four verticals and check they are not rotated.",
             "Step 5: Insert the remaining T nuts into the verticals.",
             "Step 6: Attach the top square to the verticals and check the diagonals."]
    list(library.ingest([write_pdf(tmp_path / "printer frame guide.pdf", pages,
                                   keep_lines=True)]))
    answer = library.ask("How do I assemble the printer frame?", with_model=False).composed
    for number, page in ((1, 1), (3, 2), (4, 3), (5, 4), (6, 5)):
        step = next(c for c in answer.citations if c.quote.startswith(f"Step {number}:"))
        assert step.page == page, (number, answer.text)


def test_of_one_procedure_a_system_the_one_whose_sub_heading_the_question_names_answers(
        library, tmp_path):
    """The Getting Started guide prints how to burn the image for Linux, Windows and Mac, with
    steps that share the question's words alike. Asked for a Windows PC, the answer showed
    the Mac steps: only the sub-heading says which system a procedure is for, and the Mac
    steps' "Finder window" shares only a stem with the question's "windows"."""
    pages = ["Getting started with the controller software\n"
             "This guide installs the controller software on a spare PC.",
             "Burning the image to a disc in Linux\n"
             "1. Insert a blank disc into the burner of the PC.\n"
             "2. Right click on the image file and choose Write to Disc to burn it.\n"
             "Burning the image to a disc in Windows\n"
             "1. Download and install Infra Recorder, a free image burning program.\n"
             "2. Open Infra Recorder and select the Actions menu, then Burn image.\n"
             "Burning the image to a disc in Mac OSX\n"
             "1. Download the image file to the Mac and insert a blank disc.\n"
             "2. Right click on the image file in the Finder window and select Burn to disc."]
    list(library.ingest([write_pdf(tmp_path / "getting started.pdf", pages, keep_lines=True)]))
    answer = library.ask("I want to burn the disc image on my windows pc - what are the steps?",
                         with_model=False).composed
    assert "Infra Recorder" in answer.text and "Actions menu" in answer.text, answer.text
    assert "Finder" not in answer.text and "Write to Disc" not in answer.text, answer.text
    assert answer.text.splitlines()[0].startswith("1. Download and install Infra Recorder") and \
        "(§ Burning the image to a disc in Windows)" in answer.text.splitlines()[0], answer.text


def test_a_chinese_procedure_is_shown_with_its_sub_heading_but_not_its_chapter(library,
                                                                               tmp_path):
    """A Chinese guide's sub-heading says which system its steps are for, as an English one
    does; a numbered chapter ("二、刻录方法") names a part of the document, not the task."""
    pages = ["二、刻录方法\n"
             "在 Linux 系统下刻录光盘\n"
             "1. 把空白光盘放进电脑的刻录机。\n"
             "2. 右键点击镜像文件，选择写入光盘。\n"
             "在 Windows 系统下刻录光盘\n"
             "1. 下载并安装 Infra Recorder 刻录软件。\n"
             "2. 打开 Infra Recorder，在操作菜单中选择刻录镜像。"]
    list(library.ingest([write_pdf(tmp_path / "安装指南.pdf", pages, cjk=True,
                                   keep_lines=True)]))
    answer = library.ask("在 Windows 电脑上怎么把镜像刻录到光盘？", with_model=False).composed
    first = answer.text.splitlines()[0]
    assert first.startswith("1. 下载并安装 Infra Recorder") and \
        "(§ 在 Windows 系统下刻录光盘)" in first, answer.text
    assert "二、刻录方法" not in answer.text, answer.text


def test_a_documents_numbered_outline_is_no_procedure_and_never_leads(library, tmp_path):
    """The CH32V00x board reference opens "1. Overview", a paragraph, "2. Evaluation board
    hardware": numbered like steps, so a "how" was answered with that outline, led by
    "1. Overview"."""
    pages = ["Evaluation board reference\nRevision 1.2 of the reference for the evaluation board.",
             "1. Overview\n"
             "This evaluation board is applied to the development of the chip, and the IDE uses "
             "the MounRiver compiler with the on-board WCH-Link for download.\n"
             "2. Evaluation board hardware\n"
             "Please refer to the schematic document for the hardware of the evaluation board.\n"
             "3. Software development\n"
             "To open a project in the MounRiver IDE, click File, click Load Project and select "
             "the project file of the example."]
    list(library.ingest([write_pdf(tmp_path / "evb reference.pdf", pages, keep_lines=True)]))
    answer = library.ask("How do I open a project for the evaluation board in the MounRiver "
                         "IDE?", with_model=False).composed
    assert not answer.text.startswith("1. Overview"), answer.text
    assert "Load Project" in answer.text, answer.text


def test_the_tail_of_a_wrapped_cell_never_leads_a_table_answer(library, tmp_path):
    """The VORON parts list wraps "Amazon Link" of a row onto lines of its own; the answer
    about the fans led with that "Link"."""
    pages = ["Printer build guide\nThis guide lists the parts of the printer kit by kit.",
             "Spade connector (female) VB-EL-01-SPC-F Amazon Link 8\n"
             "Spade connector (male) VB-EL-01-SPC-M Amazon Link 1\n"
             "20AWG wire (black) 9' VB-EL-01-W20-\nB Amazon\nLink\n1\n"
             "20AWG wire (red) 9' VB-EL-01-W20-\nR Amazon 1\n"
             "20AWG wire (white) 9' N/A Amazon Link 1\n"
             "20AWG wire (green) 3' VB-EL-01-W20-\nG Amazon Link 1\n"
             "80x80x10 case fan 12V VB-EL-01-F802 Amazon Link 1\n"
             "40x40x20 blower fan 12V VB-EL-01-F302 Amazon Link 1\n"
             "USB Cable VB-EL-01-USB Amazon Link 1"]
    list(library.ingest([write_pdf(tmp_path / "build guide.pdf", pages, keep_lines=True)]))
    answer = library.ask("What size and voltage are the case fan and the blower fan?",
                         with_model=False).composed
    assert "80x80x10 case fan 12V" in answer.text, answer.text
    assert not answer.text.startswith("Link"), answer.text



ZL200_FILES_MANUAL = """ZL-200 user manual
7.3 Firmware files
The tool holds these firmware files:
1) ZL-200 JTAG upgrade firmware
2) ZL-200 JTAG offline upgrade firmware
3) ZL-200 SWD upgrade firmware
7.4 Download process
1) In JTAG mode the bit file goes to the FPGA first, which turns JTAG data into SPI data.
2) Write the CFG file and call it with openocd -f. Name it zl200.cfg and save it beside openocd.exe.
adapter driver zl200
adapter speed 10000
"""
ZL200_MODES_MANUAL = """1.2 Mode switching
The ZL-200 can be switched between its RISC-V mode and its ARM mode in the IDE.
1) Click Query beside Target Mode to read the current mode.
2) Select the new mode in the Target Mode box and click Apply.
The LED shows the mode after the switch."""
ZL200_FILE_LIST = """6.3 Firmware files
1) ZL-200 RISC-V mode upgrade firmware
2) ZL-200 ARM mode upgrade firmware
3) ZL-200 RISC-V mode offline upgrade firmware
4) ZL-200 ARM mode offline upgrade firmware"""


@pytest.mark.parametrize(("pages", "question", "steps"), [
    # The manual numbers the firmware files a tool holds as it numbers steps: shown as the
    # steps for writing the OpenOCD file, the list of names says nothing.
    ([ZL200_FILES_MANUAL], "How do I write the OpenOCD config file for the ZL-200 in JTAG mode?",
     "zl200.cfg"),
    # "RISC-V mode" and "ARM mode" are in every item of the file list: read as the best
    # sentence, an item would show the whole list instead of the steps.
    ([ZL200_MODES_MANUAL, ZL200_FILE_LIST],
     "How do I switch the ZL-200 from RISC-V mode to ARM mode?", "Target Mode box and click Apply"),
])
def test_a_numbered_list_of_names_is_not_the_procedure_asked_for(library, tmp_path, pages,
                                                                 question, steps):
    manual = write_pdf(tmp_path / "zl200_manual.pdf", pages, keep_lines=True)
    list(library.ingest([manual]))

    answer = library.ask(question, with_model=False).composed
    assert answer.grounded
    assert steps in answer.text, answer.text
    assert "upgrade firmware" not in answer.text, answer.text


def test_an_faq_entry_alone_on_its_page_is_read_as_the_entry_that_answers(library, tmp_path):
    """The UPS FAQ's entry 24 is the only whole entry on its page (23 ends on the page before;
    25 opens in lower case with a program's name), and its question wraps over two lines.
    Read as no entry, its answer shared few of the question's words, and the answer was the
    user manual's section that only repeats the error message; the FAQ says what to fix."""
    faq = ["21 Why does upsmon log a warning?\nIt cannot reach upsd.\n"
           "23 Why does the UPS shut down early?\nIt is configured to.",
           "when the power comes back.\n"
           "24 The CGI programs report access to that host is not authorized - what's going\n"
           "on?\n"
           "Those programs need to see a host in your hosts.conf before they will attempt "
           "communications.\n"
           "If your hosts.conf turns out to be configured correctly with MONITOR entries and all "
           "that, check the permissions.\n"
           "25 upsd is running, so why can't I connect to it?\n"
           "upsd listens on TCP port 3493 by default."]
    manual = ["2.12.1 Access Restrictions\n"
              "The CGI programs use hosts.conf to see if they are allowed to talk to a host.\n"
              "If you get error messages that say \"Access to that host is not authorized\", "
              "look at the access restrictions of the CGI programs.\n"
              "2.12.2 upsstats\nupsstats generates web pages from HTML templates."]
    list(library.ingest([write_pdf(tmp_path / "ups faq.pdf", faq, keep_lines=True),
                         write_pdf(tmp_path / "ups manual.pdf", manual, keep_lines=True)]))
    answer = library.ask("The UPS CGI pages report 'access to that host is not authorized'. "
                         "What's wrong?", with_model=False).composed
    assert "need to see a host in your hosts.conf" in answer.text, answer.text
    assert "3493" not in answer.text, "entry 25's answer is not entry 24's"



FAQ_ENTRY_OVER_THE_PAGE = [
    "10 Why isn't upssched part of upsmon?\n"
    "Most users will never have any reason to use upssched.\n"
    "11 Why doesn't upsmon send a SIGPWR signal to init so it can deal with power\n"
    "events?\n"
    "Answer 1\n"
    "New versions of the init man page say that usage of SIGPWR is discouraged, since the "
    "initctl control channel is the preferred way of communication.",
    "Answer 2\n"
    "The name of the game is portability.\n"
    "So, to be compatible, upsmon just invokes a shell command: put the right kill line in a "
    "shell script and make upsmon call it.\n"
    "12 Why won't bestups talk to my Best Fortress UPS?\n"
    "There are at least two different protocols in use.",
]


def test_an_faq_entrys_second_answer_on_the_next_page_is_shown():
    """The UPS FAQ's entry 11 gives its first answer at a page's foot and opens the next page
    with the label "Answer 2", a short line read as a new section's title: the answer stopped
    at the first, and the second (what to do instead: a shell command) was never shown."""
    first, second = FAQ_ENTRY_OVER_THE_PAGE
    hit = replace(_hit(first), page_index=0)
    question = "Can upsmon send a SIGPWR signal to init on a power event?"
    item = evidence_for(question, hit, first).numbered(1, [])
    best = Candidate(item, next(s for s in item.sentences if "discouraged" in s.text), 1.0,
                     own=1.0)
    pages = {0: first, 1: second}
    shown = choose(question, [best], lambda page: pages.get(page.page_index))[0]
    lines = [line.text for line in shown.continued_steps]
    assert any("kill line in a shell script" in line for line in lines), lines
    assert not any("two different protocols" in line for line in lines), \
        "entry 12 answers another question"


def test_an_faq_answers_label_never_ends_an_answer(search_models):
    """The UPS FAQ labels each of an entry's answers ("Answer 2") on a line of its own. A
    word and a count read as a short row with a value, so the label was shown as the
    answer's last line, cited, with nothing of the answer it names."""
    page = ("Unable to open /dev/ttyS2: Permission denied.\n"
            "Now is a good time to point out that using \"nobody\" is a bad idea, since it is "
            "a hack for NFS access.\n"
            "Neither the drivers nor upsd ever need root powers.\n"
            "Answer 2\n"
            "12 Why won't bestups talk to my Best Fortress UPS?\n"
            "There are at least two different protocols in use.\n")
    shown = _chosen_text("Is it ok to run the NUT drivers as user nobody?", page,
                         search_models).splitlines()
    assert any("bad idea" in line for line in shown), shown
    assert "Answer 2" not in shown, shown


def _shown_beside_steps(question: str, steps: tuple[str, str], other: tuple[str, str]
                        ) -> list[str]:
    """The lines `choose` shows for a "how" when the best span is the step of `steps` (a page
    and how the step starts) and the next best, scoring 0.9 of it, the sentence of `other`
    on another page."""
    ranked = []
    for n, ((page, start), score) in enumerate(zip((steps, other), (1.0, 0.9), strict=True),
                                               start=1):
        item = evidence_for(question, replace(_hit(page), page_index=10 * n), page)
        item = item.numbered(n, [])
        span = next(s for s in item.sentences if s.text.startswith(start))
        ranked.append(Candidate(item, span, score, own=score))
    shown = choose(question, ranked, lambda hit: None)
    return [line.text for c in shown for line in (c.steps or (c.span,))]


def test_a_setting_named_in_one_sentence_is_shown_beside_another_pages_steps():
    """WCH-LinkUtility's automatic continuous download is one tick box, named in a sentence;
    the numbered steps of the Link's own firmware update scored higher for "how do I" and
    were the whole answer, so the sentence that answers was never shown."""
    steps_page = ("6.3 Manual online update\n"
                  "1. Connect the Link to be updated to the computer.\n"
                  "2. Power on the Link and select its chip model.\n"
                  "3. Click Target > Clear All Code Flash.\n"
                  "4. Click the download icon to download the Link's firmware.\n")
    setting_page = ("5.2.8 Automatic continuous download\n"
                    "Tick Auto download when WCH-Link was linked to enable automatic continuous "
                    "download of the project.\n")
    lines = _shown_beside_steps("In WCH-LinkUtility, how do I turn on automatic continuous "
                                "download?", (steps_page, "4."), (setting_page, "Tick"))
    assert any(line.startswith("1. Connect") for line in lines), lines
    assert any(line.startswith("Tick Auto download") for line in lines), lines


def test_a_feature_lists_line_is_not_shown_beside_the_steps():
    """Beside the Octopus's SD-card steps, the feature list's "This offers a simple, efficient,
    and convenient way to update the firmware" scored nearly as well, and came with its item
    "12.Includes a bootloader that allows firmware upgrades via the SD card": what the board
    has, the very line the steps replaced as the answer."""
    steps_page = ("Updating the firmware\n"
                  "1. Make sure that the firmware binary is named firmware.bin.\n"
                  "2. Copy the firmware binary file to the SD card.\n"
                  "3. Insert the SD card into the motherboard and reset it.\n")
    features_page = ("11.Supports the power loss print resume function.\n"
                     "12.Includes a bootloader that allows firmware upgrades via the SD card.\n"
                     "This offers a simple, efficient, and convenient way to update the "
                     "firmware.\n"
                     "13.Uses easily replaceable fuses.\n")
    lines = _shown_beside_steps("How do I update the firmware with an SD card?",
                                (steps_page, "2."), (features_page, "This offers"))
    assert any(line.startswith("3. Insert") for line in lines), lines
    assert not any("bootloader" in line or "This offers" in line for line in lines), lines


def test_a_note_below_the_steps_on_their_page_is_shown_after_them():
    """A note under the steps that says what to do when they fail ("enter BOOT mode") answers
    beside them; a line of their page above them (their introduction) would lead instead of
    step 1, so only what is below them joins."""
    page = ("6.5 Download\n"
            "To download the firmware:\n"
            "1. Connect the Link to the board.\n"
            "2. Click the download button.\n"
            "Typical problems\n"
            "If the download is not successful, enter BOOT mode (BOOT0 to VCC, BOOT1 to GND) "
            "and download again.\n")
    question = "How do I download the firmware?"
    item = evidence_for(question, replace(_hit(page), page_index=3), page).numbered(1, [])
    step = next(s for s in item.sentences if s.text.startswith("2."))
    note = next(s for s in item.sentences if s.text.startswith("If the download"))
    intro = next(s for s in item.sentences if s.text.startswith("To download"))
    ranked = [Candidate(item, step, 1.0, own=1.0), Candidate(item, intro, 0.95, own=0.95),
              Candidate(item, note, 0.9, own=0.9)]
    lines = [line.text for c in choose(question, ranked, lambda hit: None)
             for line in (c.steps or (c.span,))]
    assert lines[0].startswith("1. Connect"), lines
    assert any("BOOT0 to VCC" in line for line in lines), lines


NUT_DRIVER_START = (
    "6.2.2 Starting the driver(s)\n"
    "Generally, you can just start the driver(s) for your hardware (all sections defined in "
    "ups.conf) using the following command:\nupsdrvctl start\n"
    "Make sure the driver doesn't report any errors. It should show a few details about the "
    "hardware and then enter the background.\n"
    "If the driver doesn't start cleanly, make sure you have picked the right one for your "
    "hardware. You might need to try other drivers by changing the \"driver=\" value in "
    "ups.conf.\n"
    "Be sure to check the driver's man page to see if it needs any extra settings in ups.conf "
    "to detect your hardware.\n"
    "If it says can't bind /var/state/ups/... or similar, then your state path probably isn't "
    "writable by the driver. Check the permissions and mode on that directory vs. the user "
    "account your driver starts as.\n"
    "After making changes, try the Ownership and permissions step again.\n"
    "6.2.3 Driver(s) as a service\n"
    "On operating systems with init-scripts managing life-cycle of the operating environment, "
    "the upsdrvctl program is also commonly used in those scripts.")
NUT_OWNERSHIP = (
    "10.2 System level privileges and ownership\n"
    "All configuration files should be protected so that the world can't read them. Use the "
    "following commands to accomplish this:\nchown root:nut /etc/nut/*\nchmod 640 /etc/nut/*\n"
    "Finally, the state path directory, which holds the communication between the driver(s) "
    "and upsd, should also be secured.\nchown root:nut /var/state/ups\n"
    "chmod 0770 /var/state/ups\n"
    "10.3 NUT level user privileges\n"
    "Administrative commands such as setting variables and the instant commands are powerful, "
    "and access to them needs to be restricted.")


def test_the_section_a_symptoms_answer_sends_the_reader_to_joins_the_answer(library, tmp_path):
    """The driver's start-up section says what "can't bind" means and sends the reader to the
    ownership step; the step with the command is another section, pages on. It scores well
    below the symptom's lines (it shares fewer of the question's words) and was left out: the
    technician read "check the permissions" without the mode to set."""
    list(library.ingest([write_pdf(tmp_path / "NUT user manual.pdf",
                                   [NUT_DRIVER_START, NUT_OWNERSHIP], keep_lines=True)]))
    answer = library.ask("nut driver can't bind state path", with_model=False).composed
    assert "chmod 0770 /var/state/ups" in answer.text, answer.text
    assert answer.text.index("can't bind") < answer.text.index("chmod 0770"), answer.text
