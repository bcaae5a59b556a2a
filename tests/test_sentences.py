"""A page's sentences are what answers quote and the viewer lights up: a quoted message or an
abbreviation inside a sentence does not cut it in two, and a command on the next line stays a
unit of its own."""

from __future__ import annotations

from index.sentences import sentences

# The NUT user manual's page 35 as extracted (one line, then the next).
CANT_BIND = ("If it says can’t bind /var/state/ups/... or similar, then your state path probably "
             "isn’t writable by the driver. Check\nthe permissions and mode on that directory vs. "
             "the user account your driver starts as.\nRun this:\nchmod 0770 /var/state/ups\n")


def test_an_ellipsis_or_abbreviation_before_lower_case_does_not_end_the_sentence():
    units = [" ".join(span.text.split()) for span in sentences(CANT_BIND)]
    assert units[0] == ("If it says can’t bind /var/state/ups/... or similar, then your state "
                        "path probably isn’t writable by the driver.")
    assert units[1] == ("Check the permissions and mode on that directory vs. the user account "
                        "your driver starts as.")


def test_a_chinese_stop_inside_a_quoted_link_does_not_cut_the_sentence():
    # The Klipper FAQ in Chinese points to another entry by its title, a question: cut at its
    # "？", the answer led with "](#wheres-my-serial-port)”部分中的说明来防止这种情况发生".
    text = ("请按照“[我的串口在哪里？](#wheres-my-serial-port)”部分中的说明来防止这种情况发生。"
            "它可能会产生类似于以下内容的输出：\n他说：“好吗？”然后走了。")
    assert [span.text for span in sentences(text)] == [
        "请按照“[我的串口在哪里？](#wheres-my-serial-port)”部分中的说明来防止这种情况发生。",
        "它可能会产生类似于以下内容的输出：\n他说：“好吗？”", "然后走了。"]


def test_a_command_on_the_next_line_is_its_own_unit():
    units = [span.text for span in sentences(CANT_BIND)]
    assert units[-1] == "chmod 0770 /var/state/ups"
    assert all(CANT_BIND[span.start:span.end] == span.text for span in sentences(CANT_BIND))


def test_a_list_letter_and_a_spaced_ellipsis_stay_with_their_sentence():
    page = ("c. On the Select your machine screen, select Other, \nand then click Next. \n"
            "d. On the Other machine information screen, leave Custom... selected and click \n"
            "Next. \n6 I get a not listening on. . . error from upsd.\n")
    units = [" ".join(span.text.split()) for span in sentences(page)]
    assert "d. On the Other machine information screen, leave Custom... selected and click " \
           "Next." in units
    assert "6 I get a not listening on. . . error from upsd." in units


def test_a_step_printed_without_a_stop_ends_where_the_next_numbered_line_starts():
    """The WCH-Link manual prints its steps without stops; each is a citation of its own, so
    the viewer lights up the step cited, not the three after it."""
    page = ("6.5 WCHISPStudio USB Offline Update\n"
            "① To update the Link into BOOT mode (short connect J1 or long press BOOT key \n"
            "and then power up the Link) \n"
            "② WCHISPStudio tool will automatically pop up the adaptation window of the tool \n"
            "③ Add Link offline upgrade firmware to the target program file \n"
            "(1) USB offline update is only supported by WCH-Link, WCH-DAPLink and WCH-LinkW \n"
            "(2) Firmware version v2.8 and above.\n")
    units = [" ".join(span.text.split()) for span in sentences(page)]
    assert "② WCHISPStudio tool will automatically pop up the adaptation window of the tool" \
        in units, units
    assert "③ Add Link offline upgrade firmware to the target program file" in units, units
    assert "(1) USB offline update is only supported by WCH-Link, WCH-DAPLink and WCH-LinkW" \
        in units, units


# A variable table as a PDF of the NUT user manual extracts it: the description cell wraps and
# the example value is printed on a line of its own.
VARIABLE_TABLE = (
    "Name Description Example value\n"
    "ambient.n.temperature Ambient temperature (degrees C) 25.40\n"
    "ambient.n.temperature.high.warning Temperature threshold high warning\n(degrees C)\n40\n"
    "ambient.n.temperature.high.critical Temperature threshold high critical\n(degrees C)\n60\n"
    "outlet.n.delay.shutdown Interval to wait before shutting down this outlet "
    "(seconds) 180\noutlet.n.delay.start Interval to wait before restarting this\n"
    "outlet (seconds)\n120\n"
    "C.2.9 outlet: Smart outlet management\n")


def test_a_wrapped_row_of_a_table_keyed_by_variable_names_is_one_unit():
    texts = [span.text for span in sentences(VARIABLE_TABLE)]
    assert "ambient.n.temperature.high.critical Temperature threshold high critical\n" \
           "(degrees C)\n60" in texts
    # A row whose cells fill the line does not run on into the next row.
    assert "outlet.n.delay.shutdown Interval to wait before shutting down this outlet " \
           "(seconds) 180" in texts
    assert "outlet.n.delay.start Interval to wait before restarting this\noutlet (seconds)\n" \
           "120" in texts
    assert "C.2.9 outlet: Smart outlet management" in texts  # the next section's title


def test_file_names_ending_lines_of_a_table_are_no_keys():
    timing = ("Gecko 203v 1000 2000 200 200 Rising\nEdge\nhttp://www.geckodrive.com/g203v-\n"
              "rev-15.html\nGecko 201x 500 3000 20000 1000 Falling\nEdge\n"
              "g201x-rev-7.html\nGecko 212 500 4000 20000 1000 Falling\nrev-16.html\n")
    assert [span.text for span in sentences(timing)] == [
        line for line in timing.splitlines() if line]


# The FAA glossary's two columns wrap at about 60 characters: every line of a definition was
# "short", and "Flight at Mach numbers between 0.8" was quoted apart from "and 1.2.".
GLOSSARY_COLUMN = (
    "Transformer. An electrical component used to change the \n"
    "voltage and current in an AC circuit.\n"
    "Transonic range. Flight at Mach numbers between 0.8 \n"
    "and 1.2. In this range, some air passing over the aircraft is \n"
    "subsonic, and some is supersonic.\n"
    "Trend monitoring. A system for comparing engine \n"
    "performance parameters with a baseline of these same \n"
    "parameters established when the engine was new.\n")


def test_prose_wrapped_in_a_narrow_column_is_one_sentence():
    units = [" ".join(span.text.split()) for span in sentences(GLOSSARY_COLUMN)]
    assert "Flight at Mach numbers between 0.8 and 1.2." in units
    assert "An electrical component used to change the voltage and current in an AC circuit." \
        in units
    assert ("A system for comparing engine performance parameters with a baseline of these "
            "same parameters established when the engine was new.") in units


def test_a_short_line_of_a_wide_page_or_one_introducing_a_command_still_ends_its_unit():
    page = ("These are the essential steps for compiling and installing this software from "
            "the sources.\nInstall the files to a system level directory:\nmake install\n"
            "Keep in mind that the paths\nare the defaults.\n")
    units = [span.text for span in sentences(page)]
    assert "Install the files to a system level directory:" in units
    assert "make install" in units
    assert "Keep in mind that the paths" in units  # 28 of the page's 92 columns: a cell or a label


def test_chinese_prose_wrapped_mid_sentence_is_one_sentence_and_a_heading_is_not_joined():
    # The Octopus manual in Chinese wraps its sentences at the column's edge, mid-word: "3D
    # 打印团" / "队推出的"; a quote of the first line said nothing of what the board is.
    page = ("BIGTREETECH Octopus V1.0 是深圳必趣科技有限公司 3D 打印团\n"
            "队推出的一款可以最多支持 8 路步进电机的 3D 打印机主板。\n"
            "1.1 主板特点\n"
            "在调试固件时，请注意不要误写为 4.7K，否则可能导致温\n"
            "度读数不准确。\n")
    units = [span.text.replace("\n", "") for span in sentences(page)]
    assert units == [
        "BIGTREETECH Octopus V1.0 是深圳必趣科技有限公司 3D 打印团"
        "队推出的一款可以最多支持 8 路步进电机的 3D 打印机主板。",
        "1.1 主板特点", "在调试固件时，请注意不要误写为 4.7K，否则可能导致温度读数不准确。"]
