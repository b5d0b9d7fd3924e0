"""The Merkle tree against RFC 6962's published vectors (Certificate Transparency's test
data, as kept in transparency-dev/merkle) and against a literal reading of the RFC."""

import hashlib

import pytest

from liuzhi.ledger import merkle

LEAVES = [bytes.fromhex(h) for h in (
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
    "606162636465666768696a6b6c6d6e6f")]
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
CONSISTENCY = {
    (1, 8): ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
    (6, 8): ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
             "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"],
    (2, 5): ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"],
    (6, 7): ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
             "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"],
    (1, 1): [],
}


def _mth(hashed: list[bytes]) -> bytes:
    """MTH exactly as RFC 6962 §2.1 writes it, recursively."""
    if not hashed:
        return hashlib.sha256(b"").digest()
    if len(hashed) == 1:
        return hashed[0]
    k = 1
    while k * 2 < len(hashed):
        k *= 2
    return merkle.node_hash(_mth(hashed[:k]), _mth(hashed[k:]))


def _built(hashed: list[bytes], old_size: int) -> merkle.ProofBuilder:
    builder = merkle.ProofBuilder(old_size, len(hashed))
    for leaf in hashed:
        builder.append(leaf)
    return builder


def test_roots_match_the_published_vectors() -> None:
    hashed = [merkle.leaf_hash(leaf) for leaf in LEAVES]
    for size, expected in enumerate(ROOTS):
        assert merkle.root(hashed[:size]).hex() == expected


@pytest.mark.parametrize(("old", "new"), sorted(CONSISTENCY))
def test_consistency_proofs_match_the_published_vectors(old: int, new: int) -> None:
    hashed = [merkle.leaf_hash(leaf) for leaf in LEAVES[:new]]
    builder = _built(hashed, old)
    assert [h.hex() for h in builder.proof()] == CONSISTENCY[(old, new)]
    assert builder.root().hex() == ROOTS[new]
    assert merkle.verify_consistency(old, new, bytes.fromhex(ROOTS[old]),
                                     bytes.fromhex(ROOTS[new]),
                                     [bytes.fromhex(h) for h in CONSISTENCY[(old, new)]])


def test_every_proof_up_to_33_leaves_verifies_and_no_altered_one_does() -> None:
    hashed = [merkle.leaf_hash(bytes([i, i * 7 % 256])) for i in range(33)]
    for new in range(1, 34):
        new_root = _mth(hashed[:new])
        for old in range(1, new + 1):
            builder = _built(hashed[:new], old)
            proof, old_root = builder.proof(), _mth(hashed[:old])
            assert builder.root() == new_root
            assert merkle.verify_consistency(old, new, old_root, new_root, proof)
            other = merkle.leaf_hash(b"forged")
            assert not merkle.verify_consistency(old, new, other, new_root, proof)
            assert not merkle.verify_consistency(old, new, old_root, other, proof)
            if old < new:  # (a smaller new size can share the proof's shape: the signed
                # head binds the size, not the proof)
                assert not merkle.verify_consistency(old + 1, new, old_root, new_root, proof)
            for i in range(len(proof)):
                bent = proof[:i] + [other] + proof[i + 1:]
                assert not merkle.verify_consistency(old, new, old_root, new_root, bent)
            if proof:
                assert not merkle.verify_consistency(old, new, old_root, new_root, proof[:-1])


def test_a_changed_early_leaf_breaks_consistency_with_the_old_head() -> None:
    hashed = [merkle.leaf_hash(bytes([i])) for i in range(20)]
    old_root = merkle.root(hashed[:13])
    rewritten = list(hashed)
    rewritten[4] = merkle.leaf_hash(b"rewritten")
    builder = _built(rewritten, 13)
    assert not merkle.verify_consistency(13, 20, old_root, builder.root(), builder.proof())


def test_the_builder_holds_only_the_right_edge() -> None:
    builder = merkle.TreeBuilder()
    for i in range(100_000):
        builder.append(i.to_bytes(32, "big"))
    assert len(builder._edge) == bin(100_000).count("1")
