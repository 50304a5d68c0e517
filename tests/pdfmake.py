"""Small PDF files written by hand for the tests: text pages in a standard
font, a page that is only an image (a scan), and pypdf's encryption of them."""

from __future__ import annotations

import io
import zlib


def _escape(text: str) -> bytes:
    data = text.encode("cp1252")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _document(contents: list[bytes], resources: bytes, info: dict[str, str] | None = None
              ) -> bytes:
    """A PDF whose pages draw ``contents`` with ``resources`` (object 3)."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", resources]
    kids = []
    for content in contents:
        stream = zlib.compress(content)
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
                       + stream + b"\nendstream")
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       b"/Resources 3 0 R /Contents %d 0 R >>" % len(objects))
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    trailer_info = b""
    if info:
        fields = b" ".join(b"/%s (%s)" % (key.encode(), _escape(value))
                           for key, value in info.items())
        objects.append(b"<< " + fields + b" >>")
        trailer_info = b" /Info %d 0 R" % len(objects)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, trailer_info, xref))
    return out.getvalue()


FONT = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica " \
       b"/Encoding /WinAnsiEncoding >> >> >>"


def text_pdf(pages: list[list[str]], info: dict[str, str] | None = None) -> bytes:
    """One page per list of lines, each line drawn on a line of its own."""
    contents = []
    for lines in pages:
        ops = [b"BT /F1 11 Tf 14 TL 56 800 Td"]
        ops += [b"(%s) Tj T*" % _escape(line) for line in lines]
        ops.append(b"ET")
        contents.append(b"\n".join(ops))
    return _document(contents, FONT, info)


def scanned_pdf(pages: int = 2) -> bytes:
    """Pages that only show an image: what a scanner without OCR produces."""
    pixels = zlib.compress(bytes(range(64)) * 64)
    resources = b"<< /XObject << /Im1 99 0 R >> >>"
    content = b"q 480 0 0 700 56 70 cm /Im1 Do Q"
    pdf = _document([content] * pages, resources)
    return _with_image(pdf, pixels)


def _with_image(pdf: bytes, pixels: bytes) -> bytes:
    """The document with the image the pages name (``Im1``) added by pypdf."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject, NumberObject

    # The same length, so the cross-reference offsets stay right.
    reader = PdfReader(io.BytesIO(pdf.replace(b"/Im1 99 0 R", b"/Im1 null  ")))
    writer = PdfWriter(clone_from=reader)
    image = DecodedStreamObject()
    image.set_data(zlib.decompress(pixels))
    image.update({NameObject("/Type"): NameObject("/XObject"),
                  NameObject("/Subtype"): NameObject("/Image"),
                  NameObject("/Width"): NumberObject(64), NameObject("/Height"): NumberObject(64),
                  NameObject("/ColorSpace"): NameObject("/DeviceGray"),
                  NameObject("/BitsPerComponent"): NumberObject(8)})
    reference = writer._add_object(image)
    for page in writer.pages:
        page["/Resources"][NameObject("/XObject")][NameObject("/Im1")] = reference
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted(pdf: bytes, password: str = "secret") -> bytes:
    """``pdf`` protected with a user password (RC4, which pypdf writes alone)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password=password + "-owner",
                   algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
