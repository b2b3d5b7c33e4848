"""Sealing to the delivery side's public key, so a process that only queues cannot decrypt.

The shape is HPKE's base mode (RFC 9180 §5.1) with DHKEM(X25519) and AES-256-GCM, built
from ``cryptography``'s X25519, HKDF-SHA256 and AES-GCM: each sealed value has its own
ephemeral X25519 key; HKDF over the shared secret, with the ephemeral and the recipient's
public keys in ``info``, gives a one-time AES key and nonce. A sealed value is
``MARKER | ephemeral public key (32) | AES-GCM ciphertext and tag``; what it belongs to
(the blob id, the job's identity) is bound in as associated data, as with the device key.

The recipient's private key is derived from the device key (HKDF, its own ``info``), so it
needs no file of its own and no separate backup: whoever holds ``keys/device.key`` can open
everything sealed to ``keys/seal.pub``.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MARKER = b"BKS1"
_PUBLIC = 32
_KEY_INFO = b"branch-kiosk seal key v1"
_SEAL_INFO = b"branch-kiosk seal v1"
SEAL_PUB_NAME = "seal.pub"


def _raw(public: X25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _one_time_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> tuple[AESGCM, bytes]:
    okm = HKDF(
        algorithm=hashes.SHA256(), length=44, salt=None, info=_SEAL_INFO + ephemeral + recipient
    ).derive(shared)
    return AESGCM(okm[:32]), okm[32:]


def is_sealed(value: bytes) -> bool:
    """Whether ``value`` has the sealed layout (a device-key value may, by 1 in 2**32)."""
    return value.startswith(MARKER) and len(value) >= len(MARKER) + _PUBLIC + 16


class SealPublicKey:
    """The delivery side's public key: anyone may seal to it, only the device key opens."""

    def __init__(self, public: X25519PublicKey) -> None:
        self._public = public
        self.raw = _raw(public)

    def seal(self, data: bytes, context: bytes) -> bytes:
        """``data`` sealed to this key, bound to ``context``."""
        ephemeral = X25519PrivateKey.generate()
        ephemeral_raw = _raw(ephemeral.public_key())
        aead, nonce = _one_time_key(ephemeral.exchange(self._public), ephemeral_raw, self.raw)
        return MARKER + ephemeral_raw + aead.encrypt(nonce, data, context)

    def pem(self) -> bytes:
        """The key as a PEM ``PUBLIC KEY`` (SubjectPublicKeyInfo, RFC 8410)."""
        return self._public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    @classmethod
    def from_pem(cls, data: bytes) -> SealPublicKey:
        """Parse a PEM public key; ValueError when it is not an X25519 key."""
        key = serialization.load_pem_public_key(data)
        if not isinstance(key, X25519PublicKey):
            raise ValueError("not an X25519 public key")
        return cls(key)


class SealPrivateKey:
    """The private half, derived from the device key."""

    def __init__(self, device_key: bytes) -> None:
        seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_KEY_INFO).derive(
            device_key
        )
        self._private = X25519PrivateKey.from_private_bytes(seed)
        self.public = SealPublicKey(self._private.public_key())

    def open(self, sealed: bytes, context: bytes) -> bytes:
        """What ``SealPublicKey.seal`` sealed; InvalidTag when it does not open."""
        if not is_sealed(sealed):
            raise InvalidTag()
        start = len(MARKER)
        ephemeral_raw = sealed[start : start + _PUBLIC]
        try:
            shared = self._private.exchange(X25519PublicKey.from_public_bytes(ephemeral_raw))
        except ValueError:
            # A low-order point gives an all-zero secret, which cryptography refuses.
            raise InvalidTag() from None
        aead, nonce = _one_time_key(shared, ephemeral_raw, self.public.raw)
        return aead.decrypt(nonce, sealed[start + _PUBLIC :], context)


def write_public_key(path: Path, public: SealPublicKey) -> None:
    """Write ``path`` (mode 0644) unless it already holds this key; atomic replace."""
    data = public.pem()
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(tmp, 0o644)  # whatever the umask: it is public by design
    os.replace(tmp, path)
