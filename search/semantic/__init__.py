"""Search by meaning: sentence vectors of the knowledge pages beside the word index.

- encoder: the multilingual sentence encoder the portal ships (no model is downloaded);
- chunks: what of a page is encoded, in parts of a few sentences;
- store: the vectors of the live knowledge pages, kept with the search index's updates;
- vectors: the nearest-neighbour indexes, the engine's k-NN index or an embedded one;
- hybrid: the word ranking and the vector ranking fused into one.

docs/search.md explains the design and the numbers.
"""
