"""The zip checks of an Office Open XML file (.docx, .xlsx): `check_package`.

A .docx or .xlsx is a zip archive; before a library opens one, it must be
one, hold a sane number of entries, unpack to no more than the limit (a zip
bomb is refused, not unpacked), have its ``[Content_Types].xml`` and not be
encrypted. Each reader adds its own checks of the names (the part a Word or
Excel file must have).
"""
from __future__ import annotations

import io
import zipfile

from .base import ReaderError

MAX_ZIP_ENTRIES = 10_000


def check_package(path: str, data: bytes, *, suffix: str, kind: str, limit_mb: float,
                  limit_env: str) -> set[str]:
    """The names in the archive `data`, or ReaderError naming the file and
    what to do. `suffix` (".docx") and `kind` ("Word document") word the
    messages; `limit_mb` is the unpacked size allowed, `limit_env` the
    variable that raises it."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise ReaderError(f"{path}: not a {suffix} file (damaged zip archive: {exc})") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise ReaderError(f"{path}: the {suffix} holds {len(infos)} files (more than "
                              f"{MAX_ZIP_ENTRIES}); it is not a normal {kind}")
        total = sum(i.file_size for i in infos)
        if total > limit_mb * 1024 * 1024:
            raise ReaderError(
                f"{path}: the {suffix} unpacks to {total / (1024 * 1024):.0f} MB, more than the "
                f"limit of {limit_mb:g} MB (a zip bomb?); set the environment variable "
                f"{limit_env} to raise the limit"
            )
        names = set(zf.namelist())
        if "[Content_Types].xml" not in names:
            raise ReaderError(f"{path}: not a {suffix} file (a zip archive without "
                              "[Content_Types].xml)")
        if any(i.flag_bits & 0x1 for i in infos):
            raise ReaderError(f"{path}: the {suffix} zip is encrypted; save an unprotected copy")
    return names
