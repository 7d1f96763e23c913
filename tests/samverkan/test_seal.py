"""Sealing exported PDFs (PAdES B-B) with the organisation's certificate: a self-signed one
made here, the seal validated offline with pyHanko against it as the only trust root."""

import datetime
import io
import os

import pikepdf
import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.checks.registry import registry
from django.core.exceptions import ImproperlyConfigured
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from samverkan.pdf import render_pdf
from samverkan.seal import FIELD_NAME, REASON, check_seal_certificate, seal_pdf

PASSWORD = "hemligt-lösen"
TITLE = "Förseglingsprov"
MARKER = "Sealing test"  # the small PDF's title, ASCII to find it in the bytes


def certificate(key, name: str) -> x509.Certificate:
    """A self-signed organisation certificate valid well around the frozen clock."""
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
            x509.NameAttribute(NameOID.COMMON_NAME, name),
        ]
    )
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
        .not_valid_after(datetime.datetime(2040, 1, 1, tzinfo=datetime.UTC))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )


def write_pkcs12(path, key, cert, password: str = PASSWORD):
    encryption = serialization.BestAvailableEncryption(password.encode())
    path.write_bytes(pkcs12.serialize_key_and_certificates(b"seal", key, cert, None, encryption))
    return path


@pytest.fixture(scope="session")
def organisation(tmp_path_factory):
    """(path of the .p12, its certificate)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = certificate(key, "Laholms kommun")
    path = write_pkcs12(tmp_path_factory.mktemp("seal") / "organisation.p12", key, cert)
    return path, cert


@pytest.fixture
def sealing(settings, organisation):
    settings.PDF_SEAL_CERTIFICATE = str(organisation[0])
    settings.PDF_SEAL_PASSWORD = PASSWORD
    settings.SITE_URL = "https://samverkan.laholm.se"
    return organisation[1]


@pytest.fixture(scope="module")
def small_pdf() -> bytes:
    """A one-page PDF made without WeasyPrint, for speed."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/Title"] = MARKER
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def trusting(cert: x509.Certificate) -> ValidationContext:
    der = cert.public_bytes(serialization.Encoding.DER)
    return ValidationContext(trust_roots=[asn1_x509.Certificate.load(der)])


def the_seal(sealed: bytes):
    (signature,) = PdfFileReader(io.BytesIO(sealed)).embedded_signatures
    return signature


def test_without_a_certificate_the_pdf_leaves_unchanged(settings, small_pdf):
    settings.PDF_SEAL_CERTIFICATE = ""
    assert seal_pdf(small_pdf) is small_pdf


def test_the_seal_is_pades_and_valid_over_the_whole_file(sealing, small_pdf):
    sealed = seal_pdf(small_pdf)

    # An incremental update: the original file is kept byte for byte.
    assert sealed.startswith(small_pdf)
    signature = the_seal(sealed)
    status = validate_pdf_signature(signature, trusting(sealing))
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.docmdp_ok and status.bottom_line
    assert status.md_algorithm == "sha256"
    start, _, after_contents, rest = signature.byte_range
    assert start == 0 and after_contents + rest == len(sealed)

    sig = signature.sig_object
    assert sig["/SubFilter"] == "/ETSI.CAdES.detached"
    assert signature.field_name == FIELD_NAME
    assert sig["/Reason"] == REASON
    assert sig["/Location"] == "samverkan.laholm.se"
    # CAdES: the signing certificate is embedded and bound in the signed attributes.
    assert signature.signer_cert.dump() == sealing.public_bytes(serialization.Encoding.DER)
    signed_attrs = {attr["type"].native for attr in signature.signer_info["signed_attrs"]}
    assert "signing_certificate_v2" in signed_attrs


def test_one_changed_byte_breaks_the_seal(sealing, small_pdf):
    sealed = seal_pdf(small_pdf)
    signature = the_seal(sealed)
    # A letter of the original document's title, inside the first signed range.
    at = sealed.index(MARKER.encode())
    assert at < signature.byte_range[1]
    tampered = bytearray(sealed)
    tampered[at + 2] ^= 0x01

    status = validate_pdf_signature(the_seal(bytes(tampered)), trusting(sealing))
    assert not status.intact
    assert not status.bottom_line


def test_a_seal_from_another_certificate_is_not_trusted(sealing, small_pdf, tmp_path, settings):
    key = ec.generate_private_key(ec.SECP256R1())
    settings.PDF_SEAL_CERTIFICATE = str(
        write_pkcs12(tmp_path / "other.p12", key, certificate(key, "Någon annan"))
    )
    status = validate_pdf_signature(the_seal(seal_pdf(small_pdf)), trusting(sealing))
    assert status.intact
    assert not status.trusted and not status.bottom_line


def test_a_renewed_certificate_file_is_picked_up(settings, tmp_path, small_pdf):
    path = tmp_path / "organisation.p12"
    settings.PDF_SEAL_CERTIFICATE = str(path)
    settings.PDF_SEAL_PASSWORD = PASSWORD
    names = []
    for number, name in enumerate(["Laholms kommun 2026", "Laholms kommun 2027"]):
        key = ec.generate_private_key(ec.SECP256R1())
        write_pkcs12(path, key, certificate(key, name))
        # A distinct modification time, as a renewal days later has.
        os.utime(path, ns=(number * 10**9, number * 10**9))
        cert = the_seal(seal_pdf(small_pdf)).signer_cert
        names.append(cert.subject.native["common_name"])
    assert names == ["Laholms kommun 2026", "Laholms kommun 2027"]


def test_a_wrong_password_is_a_configuration_error(sealing, settings, small_pdf):
    settings.PDF_SEAL_PASSWORD = "fel-lösen"
    with pytest.raises(ImproperlyConfigured, match="PDF_SEAL_PASSWORD") as error:
        seal_pdf(small_pdf)
    assert "PDF_SEAL_CERTIFICATE" in str(error.value)
    assert "fel-lösen" not in str(error.value)
    assert error.value.__cause__ is None and error.value.__suppress_context__


def test_a_missing_certificate_file_is_a_configuration_error(settings, tmp_path, small_pdf):
    settings.PDF_SEAL_CERTIFICATE = str(tmp_path / "saknas.p12")
    with pytest.raises(ImproperlyConfigured, match="PDF_SEAL_CERTIFICATE"):
        seal_pdf(small_pdf)


def test_the_system_check_warns_of_a_missing_certificate_file(settings, tmp_path, organisation):
    assert check_seal_certificate in registry.get_checks()
    settings.PDF_SEAL_CERTIFICATE = str(tmp_path / "saknas.p12")
    assert [m.id for m in check_seal_certificate()] == ["samverkan.W001"]
    settings.PDF_SEAL_CERTIFICATE = str(organisation[0])
    assert check_seal_certificate() == []
    settings.PDF_SEAL_CERTIFICATE = ""
    assert check_seal_certificate() == []


def test_a_sealed_pdf_a_is_still_pdf_a(settings, organisation):
    """The real thing: WeasyPrint's PDF/A-3a, sealed, keeps its archival markers and its
    metadata as written, and carries an invisible, printable (PDF/A) signature widget."""
    settings.PDF_SEAL_CERTIFICATE = ""
    document = render_pdf("pdf/base.html", {}, title=TITLE, author="Laholms kommun", subject="")
    settings.PDF_SEAL_CERTIFICATE = str(organisation[0])
    settings.PDF_SEAL_PASSWORD = PASSWORD
    sealed = seal_pdf(document)

    assert sealed.startswith(document)
    status = validate_pdf_signature(the_seal(sealed), trusting(organisation[1]))
    assert status.bottom_line and status.coverage == SignatureCoverageLevel.ENTIRE_FILE

    with pikepdf.open(io.BytesIO(document)) as before, pikepdf.open(io.BytesIO(sealed)) as pdf:
        assert pdf.open_metadata().pdfa_status == "3A"
        assert "/StructTreeRoot" in pdf.Root and pdf.Root.Lang == "sv"
        # pyHanko would rewrite these, and not alike (samverkan/seal.py).
        assert pdf.Root.Metadata.read_bytes() == before.Root.Metadata.read_bytes()
        assert dict(pdf.docinfo) == dict(before.docinfo)
        (widget,) = pdf.Root.AcroForm.Fields
        assert list(widget.Rect) == [0, 0, 0, 0] and "/AP" not in widget
        assert widget.F & 4 and not widget.F & 2  # printable, not hidden


def test_every_rendered_pdf_leaves_sealed(sealing):
    document = render_pdf("pdf/base.html", {}, title=TITLE, author="Laholms kommun", subject="")
    assert validate_pdf_signature(the_seal(document), trusting(sealing)).bottom_line
