"""What search by meaning adds to a web worker's memory, measured in a process of its own.

Run by bench/run.py with the environment of a gunicorn worker on the database backend; prints
one JSON object: the resident memory (VmRSS) once the portal is loaded as a worker loads it,
after the sentence encoder is loaded, and after the embedded vector index is synced with the
PageEmbedding table, with how long that took: built in memory for a small table, mapped from
the server's snapshot file (its size given apart, shared by every worker) for a large one.
"""

import json
import re
import time
from pathlib import Path


def resident_mb():
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE).group(1)) / 1024


def main():
    from portal.wsgi import application  # noqa: F401  (the portal, as a worker loads it)
    from search.semantic.encoder import encoder
    from search.semantic.vectors import local_vectors

    figures = {"portal_mb": resident_mb()}
    started = time.perf_counter()
    encoder()
    figures["encoder_seconds"] = time.perf_counter() - started
    figures["encoder_mb"] = resident_mb()
    index = local_vectors()
    started = time.perf_counter()
    index.sync(force=True)
    figures["index_seconds"] = time.perf_counter() - started
    figures["index_mb"] = resident_mb()
    figures["index_chunks"] = index.count()
    figures["index_usearch_mb"] = index.index.memory_usage / 1024 / 1024
    snapshot = index.snapshot
    figures["snapshot_mb"] = snapshot.path.stat().st_size / 1024 / 1024 if snapshot else 0.0
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
