"""Bytes to text: encodings, byte-order marks, NUL bytes and line ends, with what was repaired."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

# Control characters that never occur in a telegram; a sample full of them is binary data.
_BINARY_CONTROLS = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f\v\x1a\x1b") | {
    "\ufffd"
}
_SAMPLE_CHARS = 4096
_BINARY_SHARE = 0.05

# Formats that are certainly not text, named so the problem message says what the file is.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
)


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Text as decoded, with warnings about anything that had to be repaired on the way."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode_text(data: bytes, offset: int = 0) -> DecodedText:
    """Decode bytes that should be text: UTF-8 (or UTF-16 with a BOM), else Windows-1252.

    NUL characters are removed and CR LF / CR line ends become LF, so every later stage
    sees one kind of text; each repair is reported as a warning. `offset` is where `data`
    starts in its file, so that warnings point at the right byte.
    """
    text, encoding, warnings = _decode(data, offset)
    text, repairs = clean_text(text)
    return DecodedText(text, encoding, (*warnings, *repairs))


def clean_text(text: str) -> tuple[str, tuple[str, ...]]:
    """Remove NUL characters (with a warning) and make every line end LF."""
    warnings: tuple[str, ...] = ()
    if "\x00" in text:
        count = text.count("\x00")
        text = text.replace("\x00", "")
        warnings = (f"removed {count} NUL character{'s' if count != 1 else ''}",)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, warnings


def _decode(data: bytes, offset: int) -> tuple[str, str, list[str]]:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_utf16(data, "utf-16", [])
    else:
        guess = _utf16_without_bom(data)
        if guess:
            warning = f"no byte-order mark; decoded as {guess.upper()}"
            return _decode_utf16(data, guess, [warning])
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as err:
        where = f"byte 0x{data[err.start]:02X} at offset {offset + err.start}"
    try:
        text = data.decode("cp1252")
        return text, "cp1252", [f"not valid UTF-8 ({where}); decoded as Windows-1252"]
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 maps every byte, so it cannot fail.
        return data.decode("latin-1"), "latin-1", [f"not valid UTF-8 ({where}); decoded as Latin-1"]


def _decode_utf16(data: bytes, codec: str, warnings: list[str]) -> tuple[str, str, list[str]]:
    try:
        return data.decode(codec), codec, warnings
    except UnicodeDecodeError as err:
        warnings.append(f"invalid UTF-16 at byte {err.start}; bad code units replaced by U+FFFD")
        return data.decode(codec, "replace"), codec, warnings


def _utf16_without_bom(data: bytes) -> str | None:
    """Recognise ASCII-range text written as UTF-16 without a BOM: every other byte is NUL."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 8:
        return None
    even, odd = sample[0 : half * 2 : 2], sample[1 : half * 2 : 2]
    if odd.count(0) > half * 0.9 and even.count(0) < half * 0.1:
        return "utf-16-le"
    if even.count(0) > half * 0.9 and odd.count(0) < half * 0.1:
        return "utf-16-be"
    return None


def binary_kind(data: bytes, decoded: DecodedText) -> str | None:
    """Say what `data` is when it is not text ("a PDF document", "binary data"), else None.

    A few NUL bytes are damage to a text (removed, with a warning); a third of them is not
    text at all (UTF-16, where half the bytes of plain ASCII are NUL, aside).
    """
    for signature, kind in _BINARY_SIGNATURES:
        if data.startswith(signature):
            return kind
    raw = data[:_SAMPLE_CHARS]
    if not decoded.encoding.startswith("utf-16") and raw.count(0) > len(raw) * 0.3:
        return "binary data"
    sample = decoded.text[:_SAMPLE_CHARS]
    controls = sum(1 for ch in sample if ch in _BINARY_CONTROLS)
    return "binary data" if controls > len(sample) * _BINARY_SHARE else None
