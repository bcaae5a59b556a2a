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
