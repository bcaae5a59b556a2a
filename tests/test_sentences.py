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
