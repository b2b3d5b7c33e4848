"""A one-page PDF around JPEG bytes (ISO 32000-1: one DCTDecode image XObject, no metadata).

The JPEG is embedded as is, so the PDF costs a fixed few hundred bytes over the JPEG and
needs no PDF library.
"""

from __future__ import annotations

# Bytes a PDF adds around its JPEG; the budget search reserves this much.
PDF_OVERHEAD_BYTES = 1024


def jpeg_to_pdf(jpeg: bytes, width: int, height: int, dpi: float = 300.0) -> bytes:
    """A single-page PDF showing the JPEG at ``dpi`` (the page is sized to the image)."""
    if not jpeg.startswith(b"\xff\xd8"):
        raise ValueError("jpeg_to_pdf needs JPEG data")
    pt_w = width * 72.0 / dpi
    pt_h = height * 72.0 / dpi
    content = f"q {pt_w:.2f} 0 0 {pt_h:.2f} 0 0 cm /Im0 Do Q".encode("ascii")
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pt_w:.2f} {pt_h:.2f}] "
            "/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>"
        ).encode("ascii"),
        (
            f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} "
            f"/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode "
            f"/Length {len(jpeg)} >>\nstream\n"
        ).encode("ascii")
        + jpeg
        + b"\nendstream",
        f"<< /Length {len(content)} >>\nstream\n".encode("ascii") + content + b"\nendstream",
    ]
    # The binary comment line tells transfer tools the file is not text.
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode("ascii") + body + b"\nendobj\n"
    xref_at = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode("ascii")
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n"
    ).encode("ascii")
    return bytes(out)
