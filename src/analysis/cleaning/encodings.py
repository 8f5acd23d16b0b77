"""Decode a text file's bytes: a BOM first, then strict UTF-8 (or UTF-16 without a BOM), else cp1252, stated."""

from __future__ import annotations

import codecs

__all__ = ["SNIFF_BYTES", "decode", "encoding_note"]

SNIFF_BYTES = 4096  # the first bytes a file is sniffed by


def _utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when text without a byte-order mark has the byte pattern of UTF-16 (every
    other byte NUL, as Latin text has), else None.

    >>> _utf16_without_bom("State,Count".encode("utf-16-le")), _utf16_without_bom(b"State,Count")
    ('utf-16-le', None)
    """
    sample = data[:SNIFF_BYTES]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4 or sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    half = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.7 * half and even <= 0.05 * half:
        encoding = "utf-16-le"
    elif even >= 0.7 * half and odd <= 0.05 * half:
        encoding = "utf-16-be"
    else:
        return None
    try:
        sample[:-2].decode(encoding)  # the last unit may be half of a pair
    except UnicodeDecodeError:
        return None
    return encoding


def decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return data.decode("latin-1")


def encoding_note(data: bytes) -> str | None:
    r"""What :func:`decode` did with text that is not UTF-8 (no BOM, not valid UTF-8): the fallback it read it as
    and the lines holding bytes outside ASCII, which a wrong guess would change; None for UTF-8 and UTF-16.

    >>> encoding_note("ok\nJos\u00e9\n".encode("cp1252"))
    'not UTF-8: read as cp1252 (Windows Western European); line 2 holds characters outside ASCII: check them'
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    lines = [n for n, line in enumerate(data.split(b"\n"), start=1) if any(b > 127 for b in line)]
    shown = ", ".join(str(n) for n in lines[:5]) + (f" and {len(lines) - 5:,} more" if len(lines) > 5 else "")
    return (f"not UTF-8: read as cp1252 (Windows Western European); line{'s' if len(lines) > 1 else ''} {shown} "
            f"hold{'' if len(lines) > 1 else 's'} characters outside ASCII: check them")
