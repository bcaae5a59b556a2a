"""Passages must fit the embedder's window (else their tail is never searchable), follow the
document's structure (a step is not cut from its warning), and point at the exact original
text (else the viewer highlights the wrong words)."""

from __future__ import annotations

from ingest.chunking import chunk_document
from ingest.clean import clean_document
from kernel.types import Page

LONG_ENGLISH = (
    "Bearing replacement. Lock out and tag out the motor before work. " * 30
    + "\n\nAlignment check: misalignment above 0.05 mm causes vibration. " * 20
)
LONG_CHINESE = "更换轴承后泵振动，首先用百分表检查轴的对中，对中偏差超过零点零五毫米会引起振动。" \
    * 40
PROCEDURE = """3.2 Replacing the bearing
Remove the coupling guard and the coupling insert.
1. Lock out and tag out the motor at the MCC.
2. Pull the old 6205-2RS bearing with a puller.
WARNING: The bearing is hot after heating. Wear heat-resistant gloves and never touch the inner
ring with bare hands.
3. Fit the bearing and tighten the housing bolts to 24 Nm in a cross pattern.
3.3 Alignment
Align the shaft with a dial indicator to within 0.05 mm."""
TABLE = "\n".join(f"Code: E-{n:03d}; Meaning: fault number {n}; Action: check sensor {n}"
                  for n in range(60))


def _chunks(embedder, *texts: str, budget: int = 150):
    pages = [Page(i, i + 1, text, label=f"p{i + 1}") for i, text in enumerate(texts)]
    cleaned = clean_document(pages)
    return cleaned, chunk_document("doc", cleaned, embedder.count_tokens, budget)


def test_every_passage_fits_the_embedder_window(embedder):
    for text in (LONG_ENGLISH, LONG_CHINESE, "x" * 5000, "word " * 2000, PROCEDURE, TABLE):
        _, chunks = _chunks(embedder, text)
        worst = max(embedder.count_tokens(c.embed_text) for c in chunks)
        assert worst <= embedder.max_tokens, f"{worst} word pieces would be truncated"
        assert max(embedder.count_tokens(c.text) for c in chunks) <= 150


def test_passages_cover_all_text_and_point_at_the_original(embedder):
    for text in (LONG_ENGLISH, LONG_CHINESE, PROCEDURE):
        cleaned, chunks = _chunks(embedder, text)
        page = cleaned[0]
        covered = set()
        for chunk in chunks:
            covered.update(range(chunk.start, chunk.end))
        missed = [ch for i, ch in enumerate(page.text)
                  if not ch.isspace() and page.origin[i] not in covered]
        assert missed == [], "text outside every passage can never be found"
        for chunk in chunks:
            original = page.page.text[chunk.start:chunk.end]
            assert "".join(chunk.text.split()) == "".join(original.split())


def test_headings_start_passages_and_label_the_ones_below(embedder):
    _, chunks = _chunks(embedder, PROCEDURE, budget=60)
    assert chunks[0].text.startswith("3.2 Replacing the bearing")
    assert any(c.text.startswith("3.3 Alignment") for c in chunks)
    under = next(c for c in chunks if "Fit the bearing" in c.text)
    assert under.context == "3.2 Replacing the bearing" or under.text.startswith("3.2")


def test_a_warning_stays_whole_and_with_nothing_cut_from_it(embedder):
    _, chunks = _chunks(embedder, PROCEDURE, budget=60)
    holding = [c for c in chunks if "WARNING" in c.text]
    assert len(holding) == 1
    assert "never touch the inner\nring with bare hands." in holding[0].text


def test_numbered_steps_are_never_split(embedder):
    _, chunks = _chunks(embedder, PROCEDURE, budget=40)
    for step in ("1. Lock out and tag out the motor at the MCC.",
                 "3. Fit the bearing and tighten the housing bolts to 24 Nm in a cross pattern."):
        assert sum(step in c.text for c in chunks) == 1, step


def test_table_rows_are_packed_whole_with_their_header_names(embedder):
    _, chunks = _chunks(embedder, TABLE)
    assert len(chunks) > 1
    for chunk in chunks:
        for line in chunk.text.splitlines():
            assert line.startswith("Code: E-") and "Action: check sensor" in line


def test_heading_carries_over_to_the_next_page(embedder):
    _, chunks = _chunks(embedder, "4.1 Alarm codes\nE-047 overtemperature.", "E-052 low suction.")
    second_page = [c for c in chunks if c.page_number == 2]
    assert second_page[0].context == "4.1 Alarm codes"
    assert second_page[0].label == "p2"


def test_blank_page_gives_no_passages(embedder):
    assert _chunks(embedder, "  \n\n  ")[1] == []


def test_passage_sizes_match_the_model_own_tokenizer_without_loading_it(embedder):
    """Counting uses the tokenizer file alone; the counts are the model's."""
    texts = ["Tighten the 6205-2RS bearing housing bolts to 24 Nm.", "更换轴承后泵振动",
             "word " * 400]
    counts = [embedder.count_tokens(t) for t in texts]
    assert counts[2] == 400  # long text is counted whole, not truncated at the window
    assert embedder.max_tokens == embedder.model.max_seq_length - 2
    assert counts == [len(embedder.model.tokenizer(t, add_special_tokens=False)["input_ids"])
                      for t in texts]
