"""One question at a time to the library, off the UI thread: the found pages and the answer
composed from them first, then the model's sentences one by one as each is checked, then the
whole answer. A new question or Esc stops the one before."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.highlight import query_terms
from desktop.workers import Task, run_task
from laoshifu.answer import Line
from laoshifu.library import Library


class AnswerRunner(QObject):
    # (list[Hit], the question's terms to mark, the marks kept for it), before any word
    sources = Signal(object)
    composed = Signal(object)  # the Answer from the sources alone, before the model writes
    line = Signal(object)  # a checked sentence of the model's (laoshifu.answer.Line)
    answered = Signal(object)  # the checked Answer (also after a stop: what was backed so far)
    failed = Signal(str)
    running_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._task: Task | None = None
        self._streams: list = []  # the AnswerStream being written, once retrieval is done
        self._seq = 0

    @property
    def running(self) -> bool:
        return self._task is not None

    def start(self, library: Library, question: str) -> None:
        self.stop()
        self._seq += 1
        seq, streams = self._seq, []

        def produce():
            stream = library.ask(question)
            streams.append(stream)
            yield "sources", (stream.sources, query_terms(question), library.verdicts(question))
            yield "composed", stream.composed
            for written in stream:
                if isinstance(written, Line):  # a raw piece is draft, never the answer
                    yield "line", written
            yield "answer", stream.result()

        def deliver(event: tuple) -> None:
            if seq != self._seq:
                return  # a newer question replaced this one
            kind, value = event
            {"sources": self.sources, "composed": self.composed, "line": self.line,
             "answer": self.answered}[kind].emit(value)

        def fail(message: str) -> None:
            if seq == self._seq:  # else a newer question replaced this one
                self.failed.emit(message)

        self._task = run_task(produce, on_progress=deliver, on_error=fail,
                              on_finished=lambda: self._finished(seq))
        self._streams = streams
        self.running_changed.emit(True)

    def _finished(self, seq: int) -> None:
        if seq == self._seq and self._task is not None:
            self._task = None
            self.running_changed.emit(False)

    def stop(self) -> bool:
        """Stop the answer being written; True when there was one. Once the model writes, the
        stream is cancelled and what it wrote is still checked and delivered; before that,
        the task is dropped and nothing more arrives."""
        task, self._task = self._task, None
        if task is None:
            return False
        if self._streams:
            for stream in self._streams:
                stream.cancel()
        else:
            task.cancel()
        self.running_changed.emit(False)
        return True
