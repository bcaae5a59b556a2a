"""The pieces of retrieval that decide what a technician finds: codes survive tokenizing,
Chinese is segmented, fusion rewards agreement, and hits are whole pages."""

from __future__ import annotations

from index.keywords import coverage, match_expression
from index.retrieval import fuse, page_ranking
from index.tokenize import codes, tokens
from kernel.types import StoredPassage


def _passage(doc: str, page: int, start: int = 0, similarity: float = 0.5) -> StoredPassage:
    return StoredPassage(doc_id=doc, page_index=page, page_number=page + 1, label=None,
                         start=start, end=start + 10, text=f"{doc} page {page}",
                         similarity=similarity)


def test_codes_tags_part_numbers_and_values_stay_whole():
    found = tokens("P-101 bearing 6205-2RS, alarm E-047 at 24 VDC, bolt M8x1.25, Grbl error:9")
    for whole in ("p-101", "6205-2rs", "e-047", "m8x1.25", "24vdc", "error:9"):
        assert whole in found, whole
    assert {"6205", "2rs", "101"} <= set(found), "parts are searchable too"


def test_full_width_codes_match_their_ascii_form():
    assert "e-047" in tokens("报警Ｅ－０４７")


def test_chinese_is_segmented_into_words():
    found = tokens("更换轴承后泵振动，检查联轴器对中")
    assert {"更换", "轴承", "振动", "联轴器"} <= set(found)
    assert "更换轴承后泵振动" not in found


def test_codes_are_the_tokens_a_technician_types_as_codes():
    assert codes("P-101 shows E-047 after fitting 6205-2RS") == {"p-101", "e-047", "6205-2rs"}
    assert codes("EBB36 CAN V1.1 fan at 0.5 A") == set()
    # A microstep fraction or a date is a number: a driver table's "1/16" row is not what
    # "klipper lost step at 1/16 - mcu count off by how much?" asks for.
    assert codes("klipper lost step at 1/16, flashed 2025/05/07 - off by how much?") == set()


def test_query_drops_stopwords_but_keeps_can_bus():
    expression = match_expression("What is the CAN bus termination?")
    assert '"can"' in expression and '"termination"' in expression
    assert '"what"' not in expression and '"the"' not in expression
    assert match_expression("the of 的") is None


def test_page_ranking_keeps_each_page_once_at_its_best_passage():
    ranking = page_ranking([_passage("a", 1, 0), _passage("b", 2), _passage("a", 1, 50)])
    assert list(ranking) == [("a", 1), ("b", 2)]
    assert ranking[("a", 1)][1].start == 0


def test_fusion_ranks_a_page_both_retrievers_agree_on_first():
    dense = page_ranking([_passage("x", 0), _passage("agreed", 3), _passage("y", 0)])
    keyword = page_ranking([_passage("z", 0), _passage("agreed", 3, start=40)])
    fused = fuse([dense, keyword])
    assert fused[0][0] == ("agreed", 3)
    assert {key for key, _, _ in fused} == {("x", 0), ("agreed", 3), ("y", 0), ("z", 0)}


def test_fusion_keeps_the_passage_of_the_ranking_that_placed_the_page_highest():
    dense = page_ranking([_passage("x", 0), _passage("p", 1, start=0)])
    keyword = page_ranking([_passage("p", 1, start=99)])
    best = {key: passage for key, _, passage in fuse([dense, keyword])}
    assert best[("p", 1)].start == 99


def test_coverage_counts_the_question_words_a_page_holds():
    page = "Tighten the bearing housing bolts to 24 Nm in a cross pattern."
    assert coverage("Which torque for the bearing housing bolts?", page) >= 0.75
    assert coverage("What is the capital of France?", page) == 0.0
    assert coverage("轴承振动", "更换轴承后泵振动") == 1.0
