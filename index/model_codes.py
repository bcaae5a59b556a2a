"""The model codes a question names ("EBB42", "CH32V307"), and the family codes that cover one.

The refusal gate looks them up library-wide to tell a product the library has no manual for,
and span choice prefers the manual that names the product asked (`laoshifu.answer.products`).
The reader is pure (no library access) and sits in the index layer, where a second-stage
preference for the asked product's manual was measured (docs/benchmarks.md, session 10: it
gained on the tuning half and not on the test half, so search does not use it).
"""

from __future__ import annotations

import re

from index.tokenize import normalise

# A model code: letters, then a digit, then letters or digits ("EBB42", "CH32V307", "M8P",
# "E3"); starting with a digit it is a quantity ("3pcs", "1080p"), not a product.
_MODEL = re.compile(r"[a-z]+\d[a-z0-9]*")
# A model code written with a hyphen: "CP-80", "P-101", "E-047".
_HYPHENATED = re.compile(r"[a-z]+-\d[a-z0-9]*")
# Looks like a model code and is not one: a version ("v1.2"), a numbered code of a table the
# retriever ranks by its number ("error:15", "ALARM 3"), a device the system numbers when it
# starts ("ttyUSB0", "can0", "COM3": the manual writes another number), a metric screw's
# thread and length ("M3x8": a parts list prints "8mm M3 hex socket screw").
_NOT_A_MODEL = re.compile(r"v\d+|(?:error|alarm|err)\d+|"
                          r"(?:tty[a-z]*|com|can|eth|wlan|usb|sd[a-z])\d+|"
                          r"m\d{1,2}x\d{1,3}")
# A metric screw's size as a technician types it ("m3x16", "M2.5×10", "m5 x 10mm"): its thread
# and its length. Read by the answer's word matching (`laoshifu.answer.bilingual`); the
# model-code test above keeps its own narrower form.
SCREW_SIZE = re.compile(r"(m\d+(?:\.\d+)?)\s?[x×*]\s?(\d+(?:\.\d+)?)(?:mm)?")
# G-code: a G or M command ("G28", "M104", "G38.2"), and a letter with a number, which is a
# word of a G-code line (an axis "X10", a feed "F3000", a spindle speed "S1000", a parameter
# "P4"). Axis and feed words are never products; another letter is one only when the
# question holds no G-code command ("SKR Mini E3"). G words run 0-99 (RS274: G33.1, G38.2, G64,
# G90); a G with three digits or more is a maker's model ("gecko g540"): the shared corpus
# prints no such G-code, and seven Gecko drivers (G201 ... G320X). M codes run to four digits.
_COMMAND = re.compile(r"g\d{1,2}|m\d{1,4}")
_TYPED_COMMAND = re.compile(rf"\b(?i:{_COMMAND.pattern})\b")
_AXIS_OR_FEED = re.compile(r"[xyzf]\d+")
_LETTER_WORD = re.compile(r"[a-z]\d+")
# A G or M number right after a capitalised name is that maker's model: "Gecko G540"; the
# first word of a sentence is capitalised anyway ("Send G28").
_NAME_BEFORE = re.compile(r"(^|[.?!。？！:：]\s*)?\b([A-Z][A-Za-z]+)\s+$")
# A chunk of the question between spaces and brackets: "/dev/ttyUSB0" is a path, its parts
# are not products.
_CHUNK = re.compile(r"[^\s()（）,，、;；?？。!！\"'“”]+")
# A family code writes its variable digits as x, at least one for each: "STM32F10xxx" holds
# "STM32F103".
_FAMILY_X = 4


def _commands(question: str) -> list[str]:
    """The G-code commands of the question ("G28", "M104"), models after a name left out."""
    return [match.group().lower() for match in _TYPED_COMMAND.finditer(question)
            if not _after_name(question[:match.start()])]


def _after_name(before: str) -> bool:
    name = _NAME_BEFORE.search(before)
    return name is not None and name.group(1) is None


def _not_a_model(part: str, question: str, gcode: bool) -> bool:
    if _NOT_A_MODEL.fullmatch(part) or _AXIS_OR_FEED.fullmatch(part):
        return True
    if _COMMAND.fullmatch(part):
        return part in _commands(question)
    return gcode and bool(_LETTER_WORD.fullmatch(part))


def model_codes(question: str) -> list[str]:
    """The model codes the question names, in order ("EBB42", "CH32V307"), paths and G-code
    left out."""
    gcode = bool(_commands(question))
    found: list[str] = []
    for chunk in _CHUNK.findall(normalise(question)):
        if "/" in chunk:
            continue
        for piece in re.split(r"[_.:]", chunk):
            parts = [piece] if _HYPHENATED.fullmatch(piece) else _hyphen_parts(piece)
            found.extend(part for part in parts if (_MODEL.fullmatch(part) or _HYPHENATED.fullmatch(
                part)) and not _not_a_model(part, question, gcode) and part not in found)
    return found


def _hyphen_parts(piece: str) -> list[str]:
    """The parts of a name written with hyphens, its last part joined to the word before it
    when that part is led by digits and the name before it is words: "Grbl-Mega-5X" names the
    model "Mega-5X" ("5X" alone reads as a quantity); "F6C150-RKM-2U" is one part number."""
    parts = piece.split("-")
    if len(parts) > 2 and parts[-1][:1].isdigit() and all(part.isalpha() for part in parts[:-1]):
        return [*parts[:-2], f"{parts[-2]}-{parts[-1]}"]
    return parts


def families(code: str) -> list[str]:
    """The family codes that cover `code`: its last one to three characters written as at
    least as many x's ("ch32v00x" and "ch32v0xx" cover "ch32v003", "stm32f10xxx" covers
    "stm32f103"). At least two characters stay, and "g5x" is no family of "g540" (an x for
    each character cut)."""
    return [code[:-cut] + "x" * xs for cut in range(1, min(3, len(code) - 2) + 1)
            for xs in range(cut, _FAMILY_X + 1)]

