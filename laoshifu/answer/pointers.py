"""A topic the library only points at: "see the config reference for details".

A FAQ names many things it does not explain: "consider using the "virtual_sdcard" feature
(see [config reference](Config_Reference.md#virtual_sdcard) for details)". A question on how
to set that feature up finds the page, its named term is on it, and every similarity signal
says the page is about it; the page only sends the reader to a document the library does not
hold. So when a question asks how to do something with a term it names, and every sentence of
the retrieved pages naming the term points elsewhere for the details, the library does not
cover it: the refusal names the term, and the pages are still listed below it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.sentences import sentences
from index.tokenize import normalise
from laoshifu.answer.evidence import Evidence
from laoshifu.answer.glossary import asks_how_to
from laoshifu.answer.terms import named_terms, on_page

# A sentence sending the reader to another document for what it names: "see [config
# reference](Config_Reference.md#virtual_sdcard) for details", "详情请参见", a link to a file.
_POINTS_AWAY = re.compile(
    r"\bsee\s+(?:the\s+)?\[?[\w .-]*\]?\(?[\w./#-]*\)?\s+for\s+(?:more\s+)?(?:details|"
    r"information)|\bfor\s+(?:more\s+)?details,?\s+(?:see|refer\s+to)\b|"
    r"\]\([\w./-]+\.(?:md|pdf|html?)(?:#[\w-]+)?\)|详情请参[见阅考]|详见|"
    r"请参[见阅考][^。]*(?:文档|手册|说明)", re.IGNORECASE)


# The file a Markdown link points to: "[config reference](Config_Reference.md#virtual_sdcard)".
_LINKED = re.compile(r"\]\(([\w./-]+\.(?:md|pdf|html?))(?:#[\w-]+)?\)")


def only_pointed_at(question: str, evidence: Sequence[Evidence]) -> tuple[str, str] | None:
    """The term a how-to question names that the retrieved pages only point elsewhere for,
    with the file pointed to ("" when the pointer names none): some sentence of them names
    the term, and each that does sends the reader to another document. None when the
    question asks no how-to, or a page says something of the term itself."""
    if not asks_how_to(question):
        return None
    # Each sentence with the one after it: a pointer is often cut from the sentence naming
    # the term ("consider using the "virtual_sdcard" feature when printing (see" / "[config
    # reference](Config_Reference.md#virtual_sdcard) for details).").
    pairs = []
    for item in evidence:
        spans = sentences(item.page)
        pairs += [(span.text, item.page[span.start:spans[at + 1].end if at + 1 < len(spans)
                                          else span.end])
                  for at, span in enumerate(spans)]
    for term in named_terms(question):
        naming = [read for text, read in pairs if on_page(term, normalise(text))]
        if naming and all(_POINTS_AWAY.search(read) for read in naming):
            linked = (_LINKED.search(read) for read in naming)
            return term, next((link.group(1) for link in linked if link), "")
    return None
