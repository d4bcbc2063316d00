"""Password-protected workbooks (``--password``): encrypt what we send, decrypt what we receive.

Both directions use msoffcrypto-tool: ECMA-376 agile encryption, what Excel writes for "Encrypt
with Password" and what Excel, LibreOffice and WPS open. Decryption also opens the older Excel
97-2003 (RC4) protection. A wrong password is a :class:`DecryptError` (ingest reports
FILE_PASSWORD_WRONG); any other failure means the file itself is damaged or of a kind that cannot
be decrypted (a ``ValueError``, reported as FILE_READ_FAILED).
"""

from __future__ import annotations

import io
from pathlib import Path


class DecryptError(Exception):
    """The password does not open the file."""


def encrypt_file(path: Path | str, password: str) -> None:
    """Encrypt the workbook at ``path`` in place with ``password``.

    Called on the temporary file of :func:`toolkit.fsutil.atomic_output`, so the target is
    replaced by the encrypted workbook or not at all.
    """
    from msoffcrypto.format.ooxml import OOXMLFile
    if not password:
        raise ValueError("empty password")
    path = Path(path)
    plain = path.read_bytes()
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt(password, out)
    path.write_bytes(out.getvalue())


def decrypt_bytes(data: bytes, password: str) -> bytes:
    """The decrypted workbook. Raises :class:`DecryptError` when the password is wrong."""
    import msoffcrypto
    from msoffcrypto import exceptions as mx
    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        office.load_key(password=password, verify_password=True)
        out = io.BytesIO()
        office.decrypt(out)
    except mx.InvalidKeyError:
        raise DecryptError("wrong password") from None
    except Exception as exc:  # damaged container, unsupported scheme, cut-off stream ...
        raise ValueError(f"tệp có mật khẩu nhưng không giải mã được ({type(exc).__name__})"
                         ) from None
    plain = out.getvalue()
    if not plain:
        raise DecryptError("wrong password")
    return plain
