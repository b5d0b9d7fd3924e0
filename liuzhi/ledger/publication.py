"""Signed tree heads: what the ledger publishes about its history, and the proof that
today's ledger extends what was published.

The audit log is a Merkle tree (RFC 6962, see ``merkle.py``), one leaf per event. Its head
(number of events and root hash) is signed with an Ed25519 key kept in a file outside the
database, and printed into every report, export and data package. Later, ``liuzhi verify
--against FILE`` checks the signature in FILE, then builds the consistency proof between
the published head and today's tree: if any event before the published size was edited,
inserted or removed (chain recomputed or not), or the log is now shorter, the proof fails.

The signed bytes are RFC 6962's TreeHeadSignature (version v1, signature type tree_hash,
timestamp in milliseconds, tree size, root hash), so the head can be checked with any
Ed25519 implementation and no code from this project.

What this does not do: someone who holds both the database and the signing key can
rewrite everything not yet published and sign a new head. Publishing heads (in reports,
exports, anywhere others keep a copy) is what fixes history; see the README.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import re
import struct
from dataclasses import asdict, dataclass
from html import escape, unescape
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from liuzhi.errors import LedgerError
from liuzhi.ledger import audit, merkle
from liuzhi.ledger.models import AuditEvent
from liuzhi.ledger.store import Ledger

#: Name of the head file written beside exports and reports.
HEAD_FILE = "ledger-head.json"
#: Largest file ``--against`` reads: a report is a few MB; a head is a few hundred bytes.
MAX_PUBLISHED_BYTES = 64 * 1024 * 1024
_HTML_HEAD = re.compile(r'<pre id="ledger-head">(.*?)</pre>', re.S)


@dataclass(frozen=True)
class SignedHead:
    """A signed tree head: the ledger's audit log at one moment."""

    size: int  # number of audit events
    root_hash: str  # hex, RFC 6962 Merkle tree hash over the events in order
    timestamp: str  # ISO 8601 UTC, milliseconds (the signed value is in ms)
    signature: str  # base64 Ed25519 over the RFC 6962 TreeHeadSignature bytes
    public_key: str  # base64 raw Ed25519 public key (32 bytes)
    algorithm: str = "Ed25519 over RFC 6962 TreeHeadSignature (v1, tree_hash)"
    tree: str = ("RFC 6962 Merkle tree, SHA-256; leaf i = the ASCII hex chain hash of "
                 "audit event i, in id order")

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def key_fingerprint(self) -> str:
        """SHA-256 of the raw public key, hex, for people to compare by eye."""
        return hashlib.sha256(base64.b64decode(self.public_key)).hexdigest()

    def signed_bytes(self) -> bytes:
        return tree_head_bytes(self.size, bytes.fromhex(self.root_hash),
                               _milliseconds(self.timestamp))


def tree_head_bytes(size: int, root: bytes, milliseconds: int) -> bytes:
    """RFC 6962 §3.5 TreeHeadSignature: version v1 (0), signature type tree_hash (1),
    uint64 timestamp, uint64 tree_size, the 32-byte root hash."""
    return struct.pack(">BBQQ", 0, 1, milliseconds, size) + root


# ---------------------------------------------------------------------------- the key


def load_key(path: Path, *, create: bool = True) -> Ed25519PrivateKey:
    """The signing key in ``path`` (PEM, PKCS#8), made with mode 0600 if absent and
    ``create``. A key others can read is refused, as ssh refuses one."""
    path = Path(path)
    if not path.exists():
        if not create:
            raise LedgerError(f"There is no ledger signing key at {path}.")
        return _create_key(path)
    try:
        if path.stat().st_mode & 0o077:
            raise LedgerError(
                f"The ledger signing key {path} can be read by other users. Anyone who "
                f"reads it can sign forged tree heads. Run `chmod 600 {path}` (and check "
                "who has read it), then try again.")
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as error:
        raise LedgerError(
            f"The ledger signing key {path} cannot be read ({error}). It must be an "
            "unencrypted Ed25519 private key in PEM (PKCS#8). Restore it from your backup, "
            "or point LIUZHI_LEDGER_KEY at the right file; do not make a new key unless "
            "the old one is lost, since published heads name the old key.") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise LedgerError(f"The ledger signing key {path} is not an Ed25519 key; use the "
                          "key liuzhi made, or an Ed25519 key in PEM (PKCS#8).")
    return key


def _create_key(path: Path) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(pem)
    except FileExistsError:  # another process made it first: use theirs
        return load_key(path, create=False)
    except OSError as error:
        raise LedgerError(
            f"The ledger signing key cannot be created at {path} ({error.strerror}). Make "
            "the folder writable, or set LIUZHI_LEDGER_KEY to a path you can write.") from error
    return key


def public_key_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


# ---------------------------------------------------------------------------- heads


def signed_head(ledger: Ledger) -> SignedHead:
    """The ledger's tree head now, signed with its key (made on first need)."""
    if ledger.signing_key is None:
        raise LedgerError("This ledger was opened without a signing key, so its head cannot "
                          "be signed. Open it with Ledger.open(settings), or pass "
                          "signing_key=PATH.")
    key = load_key(ledger.signing_key)
    with ledger.session() as session:
        size, root = audit.tree_head(session)
    now = ledger.clock().astimezone(dt.UTC)
    milliseconds = int(now.timestamp() * 1000)
    stamp = dt.datetime.fromtimestamp(milliseconds / 1000, dt.UTC)
    signature = key.sign(tree_head_bytes(size, root, milliseconds))
    return SignedHead(size=size, root_hash=root.hex(),
                      timestamp=stamp.strftime("%Y-%m-%dT%H:%M:%S.") +
                      f"{milliseconds % 1000:03d}Z",
                      signature=base64.b64encode(signature).decode("ascii"),
                      public_key=public_key_text(key))


def write_head(ledger: Ledger, path: Path, head: SignedHead | None = None) -> Path:
    """Write the signed head as JSON to ``path`` (never over an existing file)."""
    head = head or signed_head(ledger)
    text = json.dumps(head.as_json(), indent=1) + "\n"
    try:
        with Path(path).open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise LedgerError(f"{path} already exists; the ledger head is never written over a "
                          "file. Move it away or choose another folder.") from None
    except OSError as error:
        raise LedgerError(f"The ledger head cannot be written to {path} "
                          f"({error.strerror}).") from error
    return Path(path)


def check_signature(head: SignedHead) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(head.public_key,
                                                                  validate=True))
        key.verify(base64.b64decode(head.signature, validate=True), head.signed_bytes())
    except (InvalidSignature, ValueError):
        return False
    return True


def read_head(path: Path) -> SignedHead:
    """The signed head published in ``path``: a ledger-head.json, a datapackage.json or a
    JSON export (``ledger_head`` inside), or a report.html (its ledger-head block)."""
    path = Path(path)
    try:
        if not path.is_file():
            raise OSError(0, "not a file")
        if path.stat().st_size > MAX_PUBLISHED_BYTES:
            raise OSError(0, f"larger than {MAX_PUBLISHED_BYTES // 2**20} MB")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise LedgerError(f"{path} cannot be read ({reason}). Give the ledger-head.json, "
                          "datapackage.json or report.html that was published.") from error
    match = _HTML_HEAD.search(text)
    try:
        found = json.loads(unescape(match.group(1)) if match else text)
        if isinstance(found, dict) and "ledger_head" in found:
            found = found["ledger_head"]
        return _head_from(found)
    except (ValueError, TypeError, KeyError, RecursionError) as error:
        raise LedgerError(
            f"{path} holds no readable ledger head ({type(error).__name__}: {error}). Give "
            "the ledger-head.json, datapackage.json or report.html that was published, as "
            "it was published.") from None


def _head_from(found: Any) -> SignedHead:
    if not isinstance(found, dict):
        raise TypeError("the head is not a JSON object")
    size, root = found["size"], found["root_hash"]
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise ValueError(f"size {size!r} is not a count of events")
    if not isinstance(root, str) or not re.fullmatch(r"[0-9a-f]{64}", root):
        raise ValueError(f"root_hash {root!r} is not 64 hex digits")
    fields = {name: found[name] for name in ("timestamp", "signature", "public_key")}
    for name, value in fields.items():
        if not isinstance(value, str):
            raise TypeError(f"{name} is not text")
    _milliseconds(fields["timestamp"])
    return SignedHead(size=size, root_hash=root, **fields)


def _milliseconds(timestamp: str) -> int:
    moment = dt.datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    return round(moment.timestamp() * 1000)


# ---------------------------------------------------------------------------- the proof


@dataclass(frozen=True)
class ConsistencyCheck:
    """What ``check_against`` found: whether today's ledger extends the published head."""

    ok: bool
    message: str
    published: SignedHead
    size: int  # events today
    root_hash: str  # today's root
    proof: tuple[str, ...] = ()  # hex subtree hashes, RFC 6962 order
    same_key: bool | None = None  # signed by this ledger's key? None: no local key
    breaches: tuple[audit.Breach, ...] = ()


def check_against(ledger: Ledger, path: Path) -> ConsistencyCheck:
    """Prove that today's audit log extends the head published in ``path``: the signature
    first, then an RFC 6962 consistency proof from the published size to today's. Also
    runs ``audit.verify`` in the same pass (its breaches are in the result)."""
    head = read_head(path)
    same_key = _same_key(ledger, head)
    if not check_signature(head):
        return ConsistencyCheck(False, (
            f"the ledger head in {path} does not carry a valid signature: the file was "
            "altered after it was signed (or is not a ledger head). Get the published "
            "copy again; nothing can be proved against this one."),
            head, 0, "", same_key=same_key)
    with ledger.session() as session:
        size = session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) or 0
        # Events written after the count are left out of the tree: they are not history
        # yet as far as this proof goes.
        builder = merkle.ProofBuilder(head.size if head.size <= size else 0, size)
        breaches = audit.verify(session, tree=builder)
    size, root = builder.size, builder.root()
    published = f"the head published {head.timestamp} ({head.size} events)"
    if head.size > size:
        return ConsistencyCheck(False, (
            f"the audit log has {size} events, fewer than the {head.size} in {published}: "
            f"{head.size - size} event(s) up to the published head were deleted (the newest, "
            "or older ones with the chain recomputed). Restore the ledger from a backup."),
            head, size, root.hex(), same_key=same_key, breaches=tuple(breaches))
    proof = builder.proof() if head.size else []
    if not merkle.verify_consistency(head.size, size, bytes.fromhex(head.root_hash), root,
                                     proof):
        return ConsistencyCheck(False, (
            f"today's audit log does not extend {published}: its first {head.size} events "
            "are not the ones that were published. History before the published head was "
            "rewritten, inserted into or deleted from (even if the hash chain was "
            "recomputed). Restore the ledger from a backup made before the change."),
            head, size, root.hex(), tuple(h.hex() for h in proof), same_key,
            tuple(breaches))
    return ConsistencyCheck(True, (
        f"today's audit log ({size} events) extends {published}: consistency proved "
        f"with {len(proof)} subtree hash(es), RFC 6962."),
        head, size, root.hex(), tuple(h.hex() for h in proof), same_key, tuple(breaches))


def _same_key(ledger: Ledger, head: SignedHead) -> bool | None:
    if ledger.signing_key is None or not Path(ledger.signing_key).exists():
        return None
    return public_key_text(load_key(ledger.signing_key, create=False)) == head.public_key


# ---------------------------------------------------------------------------- in reports


def with_head(html: str, ledger: Ledger, lang: str = "en") -> tuple[str, SignedHead | None]:
    """``html`` with the ledger's signed head in a small block before ``</body>`` (a
    sentence for readers in the report's language, the JSON for ``liuzhi verify
    --against``: no script, so the page stays inert); unchanged if the ledger has no key."""
    from liuzhi.publish.words import Words

    if ledger.signing_key is None:
        return html, None
    t = Words(lang)
    head = signed_head(ledger)
    data = escape(json.dumps(head.as_json(), indent=1))
    sentence = t("ledger_head_text", size=head.size, root=escape(head.root_hash),
                 timestamp=escape(head.timestamp), public_key=escape(head.public_key))
    block = (
        f'<section class="ledger-head"><h2>{t("ledger_head")}</h2>'
        f"<p>{sentence}</p>"
        f'<pre id="ledger-head">{data}</pre></section>\n')
    end = html.rfind("</body>")
    return (html[:end] + block + html[end:] if end >= 0 else html + block), head
