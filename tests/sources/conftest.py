"""Fixtures for the sources tests: the shared corpora, and helpers to build hostile inputs."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tarfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from cablearchive.sources import (
    DEFAULT_LIMITS,
    Limits,
    RawDocument,
    SourceProblem,
    iter_documents,
)
from tests.shared import shared_file

SITE_ARCHIVE = "corpora/cablegate-site-2011-04.tar.xz"
SITE_SAMPLE = "corpora/cablegate-site-2011-08-sample.tar.xz"
NARA_ARCHIVE = "corpora/nara-cfpf-1973-1979-entities.tar.xz"

Item = RawDocument | SourceProblem


@dataclass(frozen=True)
class SiteRead:
    """Every item read from the 6,712-page site archive."""

    items: list[Item]

    def by_member(self) -> dict[str, RawDocument]:
        return {d.source.member or "": d for d in self.items if isinstance(d, RawDocument)}


@pytest.fixture(scope="session")
def site_read(shared_dir: Path) -> SiteRead:
    path = shared_file(shared_dir, SITE_ARCHIVE)
    return SiteRead(list(iter_documents([path])))


@pytest.fixture(scope="session")
def site_pages(shared_dir: Path) -> dict[str, bytes]:
    """A few real pages of the site, raw, for tests that rebuild or damage them."""
    wanted = {
        "cable/2009/01/09ANKARA71.html",
        "cable/2000/06/00THEHAGUE1695.html",
        "cable/2006/06/06PARIS4411.html",
        "cable/2008/04/08STATE43817.html",
        "cable/1966/12/66BUENOSAIRES2481.html",
    }
    pages: dict[str, bytes] = {}
    with tarfile.open(shared_file(shared_dir, SITE_ARCHIVE), "r|xz") as tar:
        for member in tar:
            if member.name in wanted:
                extracted = tar.extractfile(member)
                assert extracted is not None
                pages[member.name] = extracted.read()
    assert set(pages) == wanted
    return pages


def read_all(
    paths: Iterable[Path | str] | Path | str, limits: Limits = DEFAULT_LIMITS
) -> list[Item]:
    return list(iter_documents(paths, limits))


def documents(items: Iterable[Item]) -> list[RawDocument]:
    return [item for item in items if isinstance(item, RawDocument)]


def problems(items: Iterable[Item]) -> list[SourceProblem]:
    return [item for item in items if isinstance(item, SourceProblem)]


def only_document(items: list[Item]) -> RawDocument:
    assert len(items) == 1, items
    item = items[0]
    assert isinstance(item, RawDocument), item
    return item


def only_problem(items: list[Item]) -> SourceProblem:
    assert len(items) == 1, items
    item = items[0]
    assert isinstance(item, SourceProblem), item
    return item


def tar_bytes(members: Iterable[tuple[tarfile.TarInfo, bytes | None]], mode: str = "w") -> bytes:
    """A tar archive in memory; `mode` "w:gz", "w:bz2" or "w:xz" compresses it."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for info, data in members:
            if data is not None:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            else:
                tar.addfile(info)
    compressors: dict[str, Callable[[bytes], bytes]] = {
        "w": bytes,
        "w:gz": gzip.compress,
        "w:bz2": bz2.compress,
        "w:xz": lzma.compress,
    }
    return compressors[mode](buffer.getvalue())


def file_member(name: str, data: bytes) -> tuple[tarfile.TarInfo, bytes]:
    return tarfile.TarInfo(name), data


def special_member(name: str, kind: bytes, linkname: str = "") -> tuple[tarfile.TarInfo, None]:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    return info, None


TELEGRAM = (
    "R 150225Z MAY 06\nFM AMEMBASSY ALMATY\nTO SECSTATE WASHDC 5289\n\n"
    "UNCLAS ALMATY 001703\n\nSUBJECT: TEST\n\n1. TEXT.\n"
)
