"""Real cables, damaged the ways texts reach people: cut anywhere, lines joined, case changed,
bytes dropped, lines lost or repeated, junk let in. Shared by the fuzz test and by
`benchmarks/fuzz.py`, which runs the same strategy on 100,000 inputs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from hypothesis import strategies as st

from cablearchive.parse import Cable
from cablearchive.sources import RawDocument, iter_documents

_WORD = re.compile(r"[A-Za-z]{2,}")

SITE_CORPUS = "corpora/cablegate-site-2011-04.tar.xz"
SITE_SAMPLE = "corpora/cablegate-site-2011-08-sample.tar.xz"
NARA_CORPUS = "corpora/nara-cfpf-1973-1979-entities.tar.xz"
SEEDS = ("seeds/000_b6366df431a4d317.txt", "seeds/001_f39073fb4f33a29e.txt")


def assert_sound(cable: Cable) -> None:
    """What every parse must give: a record whose JSON form is JSON, and warnings in words."""
    record = cable.to_dict()
    assert json.loads(json.dumps(record)) == record
    for warning in cable.warnings:
        assert isinstance(warning, str)
        assert len(_WORD.findall(warning)) >= 3, warning
    assert isinstance(cable.paragraphs, list)
    assert cable.sections >= 1


def real_texts(shared_dir: Path, every: int = 1) -> list[str]:
    """Texts of real cables as the project's readers give them to the parser: the seeds, every
    `every`-th page of the 2011-04 site corpus, the 2011-08 sample and the NARA telegrams."""
    texts = [(shared_dir / s).read_text(encoding="utf-8") for s in SEEDS]
    for name in (SITE_SAMPLE, NARA_CORPUS):
        texts += [d.text for d in iter_documents([shared_dir / name]) if isinstance(d, RawDocument)]
    site = (d for d in iter_documents([shared_dir / SITE_CORPUS]) if isinstance(d, RawDocument))
    texts += [doc.text for i, doc in enumerate(site) if i % every == 0]
    return texts


# --- the damage ------------------------------------------------------------------------------

Damage = Callable[[st.DrawFn, str], str]


def _span(draw: st.DrawFn, text: str) -> tuple[int, int]:
    a = draw(st.integers(min_value=0, max_value=len(text)))
    b = draw(st.integers(min_value=a, max_value=min(len(text), a + draw(_SPAN_LENGTHS))))
    return a, b


_SPAN_LENGTHS = st.sampled_from([1, 3, 20, 200, 2_000, 1_000_000])


def cut(draw: st.DrawFn, text: str) -> str:
    """A piece of the text from anywhere to anywhere: a fragment pasted from the middle."""
    a = draw(st.integers(min_value=0, max_value=len(text)))
    b = draw(st.integers(min_value=a, max_value=len(text)))
    return text[a:b]


def join_lines(draw: st.DrawFn, text: str) -> str:
    """Line breaks lost: all of them, or those of one stretch, to a space or to nothing."""
    glue = draw(st.sampled_from([" ", "", "  ", "\t"]))
    if draw(st.booleans()):
        return text.replace("\n", glue)
    a, b = _span(draw, text)
    return text[:a] + text[a:b].replace("\n", glue) + text[b:]


def change_case(draw: st.DrawFn, text: str) -> str:
    """Case lost or changed, over the whole text or a stretch of it."""
    how = draw(st.sampled_from([str.lower, str.upper, str.swapcase, str.title]))
    if draw(st.booleans()):
        return how(text)
    a, b = _span(draw, text)
    return text[:a] + how(text[a:b]) + text[b:]


def drop_bytes(draw: st.DrawFn, text: str) -> str:
    """Bytes lost in transmission: the UTF-8 text with bytes dropped, read back leniently."""
    data = bytearray(text.encode("utf-8"))
    for _ in range(draw(st.integers(min_value=1, max_value=20))):
        if not data:
            break
        a = draw(st.integers(min_value=0, max_value=len(data) - 1))
        del data[a : a + draw(st.sampled_from([1, 1, 2, 5, 50]))]
    return data.decode("utf-8", errors=draw(st.sampled_from(["replace", "ignore"])))


def shuffle_lines(draw: st.DrawFn, text: str) -> str:
    """Lines deleted, repeated, cut short or swapped."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        if not lines:
            break
        i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "truncate", "swap"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "truncate":
            lines[i] = lines[i][: draw(st.integers(min_value=0, max_value=len(lines[i])))]
        else:
            j = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


_JUNK = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["\x00", "\r", "\r\n", "\\\n", "¶", "\ufeff", "\u2028", "&#8220;", "(", ")"]),
    st.sampled_from(["REF:", "TAGS:", "SUBJECT:", "1. (S)", "FM ", "TO ", "XMT ", "PAGE 02 "]),
)


def insert_junk(draw: st.DrawFn, text: str) -> str:
    """Characters and cable keywords let in at random places."""
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        text = text[:at] + draw(_JUNK) + text[at:]
    return text


def as_json_record(draw: st.DrawFn, text: str) -> str:
    """The text inside another tool's JSON record, as a user might paste one."""
    key = draw(st.sampled_from(["body", "content", "text"]))
    record = {"_id": {"$oid": "5f0c0ffee0ddba11"}, "date": "2006-07-13 15:21", key: text}
    return json.dumps(record, ensure_ascii=draw(st.booleans()))


DAMAGES: tuple[Damage, ...] = (
    cut,
    join_lines,
    change_case,
    drop_bytes,
    shuffle_lines,
    insert_junk,
    as_json_record,
)


@st.composite
def damaged_cables(draw: st.DrawFn, texts: list[str]) -> str:
    """A real cable with one to four kinds of damage, applied in a random order."""
    text = draw(st.sampled_from(texts))
    for damage in draw(st.lists(st.sampled_from(DAMAGES), min_size=1, max_size=4)):
        text = damage(draw, text)
    return text
