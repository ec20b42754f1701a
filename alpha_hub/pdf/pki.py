"""The signing certificate: from the environment, or a development CA made on first use.

Production names a key, its certificate and the trusted root in the environment
(PDF_SIGNING_KEY, PDF_SIGNING_CERT, PDF_TRUST_ROOT); the settings refuse to start without them.
In development (DEBUG on, or PDF_DEV_CA=true) a local certificate authority and a signing
certificate are generated once under PDF_PKI_DIR (.data/pki/, never committed).
"""

from __future__ import annotations

import fcntl
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

BODY_NAME = "Mayor's Office for Policing and Crime"


@dataclass(frozen=True)
class SigningMaterial:
    key_path: Path
    cert_path: Path
    trust_root_path: Path


def signing_material() -> SigningMaterial:
    """The configured key, certificate and trust root; a development set only if PDF_DEV_CA."""
    if settings.PDF_SIGNING_KEY and settings.PDF_SIGNING_CERT:
        return SigningMaterial(
            Path(settings.PDF_SIGNING_KEY),
            Path(settings.PDF_SIGNING_CERT),
            Path(settings.PDF_TRUST_ROOT or settings.PDF_SIGNING_CERT),
        )
    # The settings check this at start-up; here too, so that settings changed afterwards cannot
    # quietly sign the body's decisions with a certificate nobody trusts.
    if not settings.PDF_DEV_CA:
        raise ImproperlyConfigured(
            "No PDF signing key and certificate: set PDF_SIGNING_KEY and PDF_SIGNING_CERT "
            "(PDF_DEV_CA=true generates a development CA, never in production)."
        )
    return development_material(Path(settings.PDF_PKI_DIR))


def development_material(folder: Path, organisation: str = BODY_NAME) -> SigningMaterial:
    """A CA and signing certificate under `folder`, generated once (safe across processes)."""
    material = SigningMaterial(folder / "signer.key", folder / "signer.pem", folder / "ca.pem")
    if material.cert_path.exists():
        return material
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with (folder / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not material.cert_path.exists():
            _generate(material, organisation)
    return material


def certificate_fingerprint(cert_path: Path) -> str:
    """SHA-256 of the certificate's DER encoding, as 64 hex digits."""
    certificate = x509.load_pem_x509_certificate(cert_path.read_bytes())
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


def _generate(material: SigningMaterial, organisation: str) -> None:
    now = datetime.now(UTC) - timedelta(minutes=5)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    ca_name = _name(organisation, f"{organisation} development CA")
    ca_cert = (
        _builder(ca_name, ca_name, ca_key, now, years=20)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(cert_sign=True), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        _builder(_name(organisation, f"{organisation} document signing"), ca_name, key, now, 10)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(cert_sign=False), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    _write(material.trust_root_path, ca_cert.public_bytes(serialization.Encoding.PEM))
    _write(
        material.key_path,
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )
    # The certificate last: its presence means the set is complete.
    _write(material.cert_path, cert.public_bytes(serialization.Encoding.PEM))


def _name(organisation: str, common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "GB"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _builder(subject, issuer, key, now: datetime, years: int) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=365 * years))
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
    )


def _usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=not cert_sign,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _write(path: Path, data: bytes) -> None:
    partial = path.with_suffix(path.suffix + ".part")
    partial.write_bytes(data)
    partial.chmod(0o600)
    partial.replace(path)
