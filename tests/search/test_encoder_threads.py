"""The sentence encoder in a web worker: one BLAS thread, whatever packages happen to be
installed. With a thread per core, OpenBLAS's threads spin for each other, and a query that
encodes in a millisecond took a hundred whenever the other core was busy (the engine, another
worker): the slowest searches by meaning were those."""

from search.semantic import encoder as semantic_encoder
from search.semantic.encoder import blas_threads, encode_query, set_blas_threads


def test_loading_the_encoder_leaves_numpy_a_single_blas_thread(settings):
    settings.SEMANTIC_SEARCH = True
    set_blas_threads(2)
    assert blas_threads() == 2
    semantic_encoder._model.cache_clear()
    try:
        vector = encode_query("startende leraren")
        assert blas_threads() == 1
        assert vector.shape == (semantic_encoder.DIMENSIONS,)
    finally:
        # Whatever happened, later tests get a loaded model on one thread.
        semantic_encoder._model.cache_clear()
        set_blas_threads(1)


def test_the_thread_count_is_told_for_the_openblas_numpy_loaded():
    # numpy's wheels bundle OpenBLAS: a count of None would mean the encoder no longer
    # finds it, and the setting above would silently do nothing.
    set_blas_threads(1)
    assert blas_threads() == 1
