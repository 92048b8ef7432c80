"""Nearly the same text: MinHash signatures (datasketch) over word shingles, and
locality-sensitive hashing in the database to find the candidates.

A text becomes the set of its three-word shingles (lower case, punctuation and Markdown
dropped); its MinHash estimates the Jaccard similarity of two such sets. The signature is cut
into bands: two texts that agree on every value of one band share that band's key, and only
complaints sharing a key with a new one are compared with it: one indexed look-up, however
many complaints wait. With 16 bands of 4 values, texts 70% alike share a key with a
probability of about 99%, texts 30% alike about 12%; candidates are then checked against the
threshold on their stored signatures, so the banding only decides who is compared.

Pure: no database, no Flask.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash

PERMUTATIONS = 64
BANDS = 16
ROWS = PERMUTATIONS // BANDS
SEED = 20100412  # fixed: stored signatures must stay comparable with new ones
SHINGLE = 3
# Estimated Jaccard similarity of the shingle sets from which two stories count as "nearly
# the same text" (a template with a name and a date changed stays well above it).
NEAR = 0.6

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
SCHEME = "affine32"  # datasketch's permutation scheme (named: stored values depend on it)
_PERMUTATIONS = MinHash(num_perm=PERMUTATIONS, seed=SEED, scheme=SCHEME).permutations


def shingles(text: str) -> set[str]:
    """The text's word shingles; a text shorter than one shingle is its words joined."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> bytes:
    """The MinHash of the text's shingles, as bytes to store."""
    minhash = MinHash(num_perm=PERMUTATIONS, seed=SEED, scheme=SCHEME,
                      permutations=_PERMUTATIONS)
    minhash.update_batch([shingle.encode() for shingle in shingles(text)])
    return minhash.hashvalues.astype("<u4").tobytes()


def similarity(first: bytes, second: bytes) -> float:
    """The estimated Jaccard similarity of two stored signatures."""
    a = np.frombuffer(first, dtype="<u4")
    b = np.frombuffer(second, dtype="<u4")
    if a.shape != b.shape or not a.size:
        return 0.0
    return float(np.count_nonzero(a == b)) / a.size


def band_keys(stored: bytes) -> list[int]:
    """One signed 64-bit key per band (the band's number is part of what is hashed)."""
    values = np.frombuffer(stored, dtype="<u4")
    keys = []
    for band in range(BANDS):
        chunk = values[band * ROWS:(band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys
