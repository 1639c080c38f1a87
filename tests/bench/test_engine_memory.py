"""The benchmark's figures for the engine's memory come from the running node itself."""

import os

import pytest

from bench import run


def test_the_engines_heap_and_resident_memory_are_read_from_the_node():
    url = os.environ.get("SEARCH_URL")
    if not url:
        pytest.fail("This test needs the real engine: run it through `make test`.")
    memory = run.EngineMemory(url)

    memory.start()
    memory.stop()
    figures = memory.report()

    assert 0 < figures["heap_used"] <= figures["heap_max"]
    assert 0 <= figures["old_after_collection"] <= figures["heap_max"]
    # The heap is a part of what the process keeps resident.
    assert figures["resident_peak"] > figures["old_after_collection"]
