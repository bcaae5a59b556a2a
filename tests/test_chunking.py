"""Passages must fit the embedder's window (else their tail is never searchable) and their spans
must point at the exact page text (else the viewer highlights the wrong words)."""

from __future__ import annotations

from ingest.chunking import chunk_page
from laoshifu.types import Page

ENGLISH = (
    "Bearing replacement. Lock out and tag out the motor before work. " * 30
    + "\n\nAlignment check: misalignment above 0.05 mm causes vibration. " * 20
)
CHINESE = "更换轴承后泵振动，首先用百分表检查轴的对中，对中偏差超过零点零五毫米会引起振动。" * 40


def _chunks(embedder, text: str, budget: int = 192):
    page = Page(index=2, number=3, text=text, label="iii")
    return page, chunk_page("doc", page, embedder.count_tokens, budget)


def test_every_passage_fits_the_embedder_window(embedder):
    for text in (ENGLISH, CHINESE, "x" * 5000, "word " * 2000):
        _, chunks = _chunks(embedder, text)
        assert chunks
        worst = max(embedder.count_tokens(c.text) for c in chunks)
        assert worst <= 192, f"a passage of {worst} word pieces would be truncated"
        assert worst <= embedder.max_tokens


def test_spans_point_at_the_page_text_and_cover_it(embedder):
    for text in (ENGLISH, CHINESE):
        page, chunks = _chunks(embedder, text)
        for chunk in chunks:
            assert page.text[chunk.start:chunk.end] == chunk.text
        covered = set()
        for chunk in chunks:
            covered.update(range(chunk.start, chunk.end))
        missed = [i for i, ch in enumerate(page.text) if not ch.isspace() and i not in covered]
        assert missed == [], "text outside every passage can never be found"


def test_passages_keep_page_number_and_label(embedder):
    _, chunks = _chunks(embedder, ENGLISH)
    assert {(c.page_index, c.page_number, c.label) for c in chunks} == {(2, 3, "iii")}
    assert len({c.chunk_id for c in chunks}) == len(chunks)


def test_passages_break_at_sentence_ends(embedder):
    _, chunks = _chunks(embedder, ENGLISH)
    assert all(c.text.rstrip().endswith(".") for c in chunks[:-1])


def test_blank_page_gives_no_passages(embedder):
    assert _chunks(embedder, "  \n\n  ")[1] == []
