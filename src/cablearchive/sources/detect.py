"""Telling containers apart by their first bytes (the name only breaks ties)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

ContainerKind = Literal["tar", "zip", "gzip", "bzip2", "xz", "unsupported"]

_COMPRESSION_SUFFIXES = (".gz", ".bz2", ".xz")
_TAR_SHORTHANDS = {".tgz": ".tar", ".tbz": ".tar", ".tbz2": ".tar", ".txz": ".tar"}
_MAGIC: tuple[tuple[bytes, ContainerKind, str], ...] = (
    (b"PK\x03\x04", "zip", "zip archive"),
    (b"PK\x05\x06", "zip", "zip archive"),  # an empty one
    (b"\x1f\x8b", "gzip", "gzip-compressed file"),
    (b"\xfd7zXZ\x00", "xz", "xz-compressed file"),
    (b"\x28\xb5\x2f\xfd", "unsupported", "Zstandard-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "unsupported", "7-Zip archive"),
    (b"Rar!\x1a\x07", "unsupported", "RAR archive"),
    (b"\x1f\x9d", "unsupported", "Unix compress (.Z) file"),
    (b"\x04\x22\x4d\x18", "unsupported", "LZ4-compressed file"),
)
_BZIP2 = re.compile(rb"BZh[1-9]1AY&SY")
_TAR_MAGIC_AT = 257


@dataclass(frozen=True, slots=True)
class Container:
    """An archive or compressed stream: its kind and, for messages, what it is in words."""

    kind: ContainerKind
    description: str


def sniff_container(head: bytes, name: str) -> Container | None:
    """The container `head` starts, or None for a plain file."""
    for magic, kind, description in _MAGIC:
        if head.startswith(magic):
            return Container(kind, description)
    if _BZIP2.match(head):
        return Container("bzip2", "bzip2-compressed file")
    if looks_like_tar(head, name):
        return Container("tar", "tar archive")
    return None


def looks_like_tar(head: bytes, name: str) -> bool:
    """POSIX and GNU tars say `ustar` at byte 257; old v7 tars are known only by their name."""
    if head[_TAR_MAGIC_AT : _TAR_MAGIC_AT + 5] == b"ustar":
        return True
    return name.lower().endswith(".tar") and len(head) >= 512


def inner_name(name: str) -> str:
    """The name of what a compressed file holds: `cables.csv.gz` -> `cables.csv`."""
    lower = name.lower()
    for shorthand, suffix in _TAR_SHORTHANDS.items():
        if lower.endswith(shorthand):
            return name[: -len(shorthand)] + suffix
    for suffix in _COMPRESSION_SUFFIXES:
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name
