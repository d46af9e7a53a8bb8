"""Signing credentials for C2PA: load the configured ones, or make a development CA and signer.

C2PA refuses a self-signed signing certificate, so the development set is a small CA plus a leaf
it issued (CA:FALSE, digitalSignature, emailProtection, P-256 key in PKCS#8), the chain written
leaf first. Nobody trusts that CA but you: it proves the manifest is intact, not who made it.
The CA's private key is not kept; making a new signer means making a new CA.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from reelflow.errors import BadInput, ReelflowError

DEV_DIR_NAME = "dev"
CHAIN_FILE = "chain.pem"
KEY_FILE = "key.pem"
CA_FILE = "ca.pem"
DEV_WARNING = (
    "This is a development certificate from a CA that only you hold: C2PA readers and platforms "
    "will show clips signed with it as 'untrusted'. For publishing, set c2pa_cert and c2pa_key to a "
    "certificate from a CA on the C2PA trust list."
)


@dataclass(frozen=True)
class Credentials:
    """A signing chain (PEM, leaf first), its private key (PEM), and the algorithm the key needs."""

    chain_pem: bytes
    key_pem: bytes
    alg: str  # "es256", "es384", "es512", "ps256" or "ed25519": names of c2pa.C2paSigningAlg
    chain_path: Path
    development: bool


@dataclass(frozen=True)
class DevFiles:
    folder: Path
    chain: Path
    key: Path
    ca: Path


def dev_files(provenance_dir: Path) -> DevFiles:
    folder = Path(provenance_dir) / DEV_DIR_NAME
    return DevFiles(folder, folder / CHAIN_FILE, folder / KEY_FILE, folder / CA_FILE)


def make_dev_certificate(provenance_dir: Path, *, force: bool = False, org: str = "reelflow") -> tuple[DevFiles, bool]:
    """Make the development CA and signer under `provenance_dir/dev/`; returns (files, made_now).

    All three files are written into a temporary folder that is renamed into place, so two runs
    racing here never mix one run's key with the other's certificate. An existing, unexpired set is
    kept unless `force`.
    """
    files = dev_files(provenance_dir)
    if not force and _usable(files):
        return files, False
    files.folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".dev-", dir=files.folder.parent))
    try:
        chain, key, ca = _issue(org)
        _write(tmp / CHAIN_FILE, chain, 0o644)
        _write(tmp / KEY_FILE, key, 0o600)
        _write(tmp / CA_FILE, ca, 0o644)
        os.chmod(tmp, 0o700)
        if force and files.folder.exists():
            old = files.folder.with_name(f".old-{os.getpid()}-{DEV_DIR_NAME}")
            os.replace(files.folder, old)
            shutil.rmtree(old, ignore_errors=True)
        try:
            os.rename(tmp, files.folder)
        except OSError:
            if not _usable(files):  # not a lost race: a real failure
                raise
            return files, False  # another run made a set a moment ago; use that one
        return files, True
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def load_credentials(cert: Path | None, key: Path | None, provenance_dir: Path) -> Credentials:
    """The configured chain and key, or the development set (made on first use)."""
    if (cert is None) != (key is None):
        missing = "c2pa_key" if key is None else "c2pa_cert"
        raise BadInput("settings", f"c2pa_cert and c2pa_key go together; {missing} is not set")
    development = cert is None
    if cert is None or key is None:
        files, _ = make_dev_certificate(provenance_dir)
        cert, key = files.chain, files.key
    chain_pem, key_pem = _read(cert, "signing certificate"), _read(key, "signing key")
    alg = _check_pair(chain_pem, key_pem, cert, key)
    return Credentials(chain_pem=chain_pem, key_pem=key_pem, alg=alg, chain_path=Path(cert), development=development)


def _usable(files: DevFiles) -> bool:
    """All three files present and the leaf valid for at least another day."""
    if not (files.chain.is_file() and files.key.is_file() and files.ca.is_file()):
        return False
    from cryptography import x509

    try:
        leaf = x509.load_pem_x509_certificates(files.chain.read_bytes())[0]
    except ValueError:
        return False
    return leaf.not_valid_after_utc > dt.datetime.now(dt.UTC) + dt.timedelta(days=1)


def _issue(org: str) -> tuple[bytes, bytes, bytes]:
    """A CA (10 years) and a signing leaf (2 years) on P-256; returns (chain leaf-first, leaf key, CA)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, f"{org} development CA (untrusted)"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
    ])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now).not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([
            x509.NameAttribute(NameOID.COMMON_NAME, f"{org} development signer"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
        ]))
        .issuer_name(ca_name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now).not_valid_after(now + dt.timedelta(days=730))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    key_pem = key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    ca_pem = ca.public_bytes(pem)
    return leaf.public_bytes(pem) + ca_pem, key_pem, ca_pem


def _key_usage(*, cert_sign: bool):
    from cryptography import x509

    return x509.KeyUsage(
        digital_signature=not cert_sign, content_commitment=False, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=cert_sign, crl_sign=cert_sign,
        encipher_only=False, decipher_only=False,
    )


def _write(path: Path, data: bytes, mode: int) -> None:
    """Create with the final mode from the start, so a key is never readable by others, even briefly."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(path, mode)  # the umask may have taken bits away from the certificates


def _read(path: Path, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise BadInput(path, f"the C2PA {what} file does not exist") from None
    except OSError as exc:
        raise BadInput(path, f"cannot read the C2PA {what}: {exc.strerror}") from None


def _check_pair(chain_pem: bytes, key_pem: bytes, cert_path: Path, key_path: Path) -> str:
    """Parse both, check they belong together, and pick the signing algorithm from the key type."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    try:
        chain = x509.load_pem_x509_certificates(chain_pem)
    except ValueError:
        raise BadInput(cert_path, "not a PEM certificate chain") from None
    try:
        key = serialization.load_pem_private_key(key_pem, password=None)
    except (ValueError, TypeError):
        raise BadInput(key_path, "not an unencrypted PEM private key (PKCS#8)") from None
    if chain[0].public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ) != key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo):
        raise BadInput(key_path, f"this key does not belong to the first certificate in {cert_path}")
    if isinstance(key, ec.EllipticCurvePrivateKey):
        by_curve = {"secp256r1": "es256", "secp384r1": "es384", "secp521r1": "es512"}
        with contextlib.suppress(KeyError):
            return by_curve[key.curve.name]
        raise BadInput(key_path, f"C2PA cannot sign with the {key.curve.name} curve; use P-256, P-384 or P-521")
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return "ed25519"
    if isinstance(key, rsa.RSAPrivateKey):
        return "ps256"
    raise ReelflowError(f"{key_path}: unsupported key type for C2PA signing")
