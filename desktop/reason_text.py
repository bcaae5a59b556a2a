"""The core's reasons in the UI language: a `kernel.reasons.Reason` code looked up here, its
parameters filled in, never a pattern over English wording.

Free text (what a file reader found wrong in a file, in its own words) is shown as written.
`tests/desktop/test_reason_text.py` checks that every reason code has a translation here with
the same parameters.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from kernel.errors import LaoshifuError
from kernel.reasons import Reason

_CONTEXT = "Reason"
TEXTS = {
    "unchanged": QT_TRANSLATE_NOOP("Reason", "unchanged since it was indexed"),
    "duplicate": QT_TRANSLATE_NOOP("Reason", "same content as {twin}, which is already indexed"),
    "type_not_read": QT_TRANSLATE_NOOP("Reason", "'{suffix}' files are not read"),
    "reindex_for_model": QT_TRANSLATE_NOOP("Reason",
                                           "indexing again for the current search model"),
    "model_cpu": QT_TRANSLATE_NOOP(
        "Reason", "The answer model stopped ({signal}): this llama.cpp build uses a CPU "
        "instruction this computer cannot run. Reinstall the portable build. Ask again to "
        "retry."),
    "model_killed": QT_TRANSLATE_NOOP(
        "Reason", "The answer model was stopped by the system ({signal}; often: memory ran "
        "out). Ask again; if it happens again, choose a smaller model file."),
    "model_crashed": QT_TRANSLATE_NOOP(
        "Reason", "The answer model crashed ({signal}); {model} may be damaged. Ask again, or "
        "choose another model file."),
    "model_exited": QT_TRANSLATE_NOOP(
        "Reason", "The answer model stopped unexpectedly (exit status {status}). Ask again, or "
        "choose another model file."),
}


def reason_text(reason: Reason | str) -> str:
    """A reason in the UI language; free text as it is."""
    if isinstance(reason, str):
        return reason
    return QCoreApplication.translate(_CONTEXT, TEXTS[reason.code]).format(**reason.params)


def error_text(error: LaoshifuError) -> str:
    """An error as the window shows it: translated when it carries a reason."""
    if error.reason is None:
        return str(error)
    where = [part for part in (error.path.name if error.path else None,
                               QCoreApplication.translate(_CONTEXT, "page {0}").format(
                                   error.page) if error.page is not None else None) if part]
    text = reason_text(error.reason)
    return f"{', '.join(where)}: {text}" if where else text
