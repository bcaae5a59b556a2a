"""Every reason the core gives has its words in the UI language, with the same parameters, so
a technician reading Chinese sees why a file was skipped or an answer stopped, in Chinese."""

from __future__ import annotations

import pickle
from string import Formatter

import pytest
from PySide6.QtWidgets import QApplication

from desktop.appearance import apply_language
from desktop.reason_text import TEXTS, error_text, reason_text
from ingest.loaders import load_document
from kernel.errors import DamagedDocumentError, EmptyDocumentError
from kernel.reasons import ENGLISH, Reason
from models.llama_cpp import ModelProcessDied


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def test_every_reason_code_has_a_translation_with_the_same_parameters():
    assert set(TEXTS) == set(ENGLISH)
    for code, english in ENGLISH.items():
        assert _fields(TEXTS[code]) == _fields(english), code


def test_reasons_and_coded_errors_read_in_chinese_with_their_parameters(qapp):
    apply_language(QApplication.instance(), "zh_CN")
    try:
        twin = reason_text(Reason("duplicate", {"twin": "P-101 manual.pdf"}))
        assert "P-101 manual.pdf" in twin and "已索引" in twin
        crash = error_text(ModelProcessDied(Reason("model_cpu", {"signal": "SIGILL"})))
        assert "SIGILL" in crash and "CPU" in crash and "回答模型" in crash
        assert reason_text("page 3 has no text layer") == "page 3 has no text layer"
    finally:
        apply_language(QApplication.instance(), "en")
    assert "already indexed" in reason_text(Reason("duplicate", {"twin": "a.pdf"}))


def test_a_file_that_cannot_be_read_is_explained_in_chinese_with_name_and_page(qapp, tmp_path):
    blank = tmp_path / "P-101 notes.txt"
    blank.write_bytes(b"")
    with pytest.raises(EmptyDocumentError) as caught:
        load_document(blank)
    # As it arrives from the sandboxed reader process.
    empty = pickle.loads(pickle.dumps(caught.value))
    assert empty.reason == Reason("file_empty")
    assert str(empty) == ("P-101 notes.txt: the file is empty (0 bytes). Copy it again from its "
                          "source.")
    damaged = DamagedDocumentError(Reason("pdf_damaged"), path=tmp_path / "manual.pdf", page=3)
    apply_language(QApplication.instance(), "zh_CN")
    try:
        assert error_text(empty).startswith("P-101 notes.txt: "), error_text(empty)
        assert "0 字节" in error_text(empty)
        assert error_text(damaged).startswith("manual.pdf, 第 3 页: "), error_text(damaged)
        assert "已损坏" in error_text(damaged)
    finally:
        apply_language(QApplication.instance(), "en")
    assert error_text(damaged).startswith("manual.pdf, page 3: this PDF is damaged")
