"""The Merkle tree of RFC 6962 (Certificate Transparency), over a stream of leaves.

Leaf hash ``SHA-256(0x00 || leaf)``, node hash ``SHA-256(0x01 || left || right)``; a tree of
n leaves splits at the largest power of two below n. The tree head (size and root hash)
commits to every leaf in order, and a consistency proof (RFC 6962 §2.1.2, verified as
RFC 9162 §2.1.4.2 says) shows that a tree of m leaves is a prefix of a tree of n leaves
without handing over the leaves.

Everything here works in one pass over the leaves with memory that grows with log(n),
so a ledger of millions of events is hashed without holding it. pymerkle would keep the
whole tree in memory or in its own store; the algorithms are short enough to own, and the
tests hold them to the published Certificate Transparency vectors.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(leaf: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


class TreeBuilder:
    """The root of a tree built one leaf hash at a time.

    Holds the perfect subtrees along the right edge (at most log2(n) + 1 hashes); folding
    them from the right gives RFC 6962's root, since the binary digits of n are exactly
    the sizes of its left subtrees."""

    def __init__(self) -> None:
        self.size = 0
        self._edge: list[tuple[int, bytes]] = []  # (leaves, hash), sizes decreasing

    def append(self, hashed_leaf: bytes) -> None:
        size, digest = 1, hashed_leaf
        while self._edge and self._edge[-1][0] == size:
            _, left = self._edge.pop()
            digest, size = node_hash(left, digest), size * 2
        self._edge.append((size, digest))
        self.size += 1

    def root(self) -> bytes:
        if not self._edge:
            return EMPTY_ROOT
        digest = self._edge[-1][1]
        for _, left in reversed(self._edge[:-1]):
            digest = node_hash(left, digest)
        return digest


def root(hashed_leaves: Iterable[bytes]) -> bytes:
    builder = TreeBuilder()
    for hashed in hashed_leaves:
        builder.append(hashed)
    return builder.root()


def consistency_ranges(old_size: int, new_size: int) -> list[tuple[int, int]]:
    """The leaf ranges [start, end) whose subtree hashes make up PROOF(m, D[n]), in the
    proof's order (RFC 6962 §2.1.2). The ranges do not overlap."""
    if not 0 < old_size <= new_size:
        raise ValueError(f"no consistency proof from size {old_size} to {new_size}")
    return _subproof(old_size, 0, new_size, True) if old_size < new_size else []


def _subproof(m: int, start: int, end: int, complete: bool) -> list[tuple[int, int]]:
    n = end - start
    if m == n:
        return [] if complete else [(start, end)]
    k = _split(n)
    if m <= k:
        return _subproof(m, start, start + k, complete) + [(start + k, end)]
    return _subproof(m - k, start + k, end, False) + [(start, start + k)]


class ProofBuilder:
    """Builds, in the same single pass, the root of the whole tree and the consistency
    proof from its first ``old_size`` leaves."""

    def __init__(self, old_size: int, new_size: int) -> None:
        self.old_size, self.new_size = old_size, new_size
        self._ranges = consistency_ranges(old_size, new_size) if old_size else []
        self._order = sorted(range(len(self._ranges)), key=lambda i: self._ranges[i][0])
        self._hashes: list[bytes] = [b""] * len(self._ranges)
        self._next = 0  # index into _order of the range being built or next to come
        self._range = TreeBuilder()
        self._whole = TreeBuilder()

    def append(self, hashed_leaf: bytes) -> None:
        """Add the next leaf; leaves beyond ``new_size`` (written after the plan was made)
        are left out."""
        index = self._whole.size
        if index >= self.new_size:
            return
        self._whole.append(hashed_leaf)
        if self._next < len(self._order):
            start, end = self._ranges[self._order[self._next]]
            if start <= index < end:
                self._range.append(hashed_leaf)
                if index == end - 1:
                    self._hashes[self._order[self._next]] = self._range.root()
                    self._range, self._next = TreeBuilder(), self._next + 1

    @property
    def size(self) -> int:
        return self._whole.size

    def root(self) -> bytes:
        return self._whole.root()

    def proof(self) -> list[bytes]:
        """The proof, once ``new_size`` leaves have come (ValueError before)."""
        if self.size != self.new_size:
            raise ValueError(f"the proof was planned for {self.new_size} leaves, "
                             f"{self.size} came")
        return list(self._hashes)


def verify_consistency(old_size: int, new_size: int, old_root: bytes, new_root: bytes,
                       proof: list[bytes]) -> bool:
    """Whether ``proof`` shows the tree (old_size, old_root) is a prefix of the tree
    (new_size, new_root): RFC 9162 §2.1.4.2, step by step."""
    if old_size < 0 or new_size < old_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof  # the empty tree is a prefix of every tree
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # an exact power of two
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while not (fn & 1 or fn == 0):
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == old_root and sr == new_root and sn == 0
