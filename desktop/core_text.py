"""Chinese for the fixed sentences the headless core reports (skip reasons, notices).

The core (laoshifu/, ingest/, index/) has no Qt and writes its messages in English for the CLI
and the logs. The GUI translates the ones it knows by their exact wording, or by a pattern when
they carry a file name; anything else (a failure's detail, written for a technician) is shown
as the core wrote it.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

_CONTEXT = "CoreText"
_FIXED = frozenset({
    QT_TRANSLATE_NOOP("CoreText", "unchanged since it was indexed"),
    QT_TRANSLATE_NOOP("CoreText", "indexing again for the current search model"),
})
_PATTERNS = (
    (re.compile(r"same content as (.+), which is already indexed"),
     QT_TRANSLATE_NOOP("CoreText", "same content as {0}, which is already indexed")),
    (re.compile(r"'(.*)' files are not read"),
     QT_TRANSLATE_NOOP("CoreText", "'{0}' files are not read")),
)


def translated(message: str) -> str:
    """`message` in the UI language when it is one of the core's known sentences."""
    if message in _FIXED:
        return QCoreApplication.translate(_CONTEXT, message)
    for pattern, template in _PATTERNS:
        match = pattern.fullmatch(message)
        if match:
            return QCoreApplication.translate(_CONTEXT, template).format(*match.groups())
    return message
