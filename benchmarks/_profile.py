"""The top lines of a py-spy profile (`py-spy record --format raw`: collapsed stacks), as text.

Own time is where the samples' innermost Python frame was; the stages add up each sample to the
first stage frame found in its stack, so that they can be compared before and after a change.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

# (label, functions that mark a sample as spent in it); the frame nearest the leaf decides.
STAGES = (
    # The compiled parser's functions have no Python frames: their time is that of the
    # function that calls `parse_cable`, `cable_from_document`.
    ("parse_cable (workers)", ("parse_cable", "cable_from_document")),
    ("decode documents (workers)", ("documents_from_blob",)),
    ("prepare rows, compress, hash (workers)", ("prepare",)),
    ("index documents handed to tantivy (main)", ("SearchIndex.add", "SearchIndex.put")),
    ("SQLite writes (main)", ("Archive._write",)),
    ("reading and framing input (main)", ("iter_blobs", "_batches", "iter_records")),
    ("training the dictionary (main)", ("Archive._packer",)),
    (
        "moving batches between processes",
        (
            "Connection._send",
            "Connection._recv",
            "ForkingPickler.dumps",
            "_ForkingPickler.loads",
            "_ConnectionBase.recv",
            "_ConnectionBase.send_bytes",
            "_sendback_result",
            "_ExecutorManagerThread.run",
            "Queue._feed",
        ),
    ),
)
_STAGE_OF = {name: label for label, names in STAGES for name in names}


def _name(frame: str) -> tuple[str, str]:
    """`function (path/file.py:12)` -> (function, file.py)."""
    function, _, where = frame.partition(" (")
    return function, where.split(":")[0].rsplit("/", 1)[-1]


def top_lines(raw: Path, n: int = 25) -> str:
    own: Counter[str] = Counter()
    stages: Counter[str] = Counter()
    total = 0
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        samples = int(count)
        total += samples
        frames = [_name(f) for f in stack.split(";")[1:]]  # the first is the process
        if not frames:
            continue
        function, file = frames[-1]
        own[f"{function} ({file})"] += samples
        label = next((_STAGE_OF[f] for f, _ in reversed(frames) if f in _STAGE_OF), "other")
        stages[label] += samples
    out = [f"{total:,} samples, all processes (py-spy --subprocesses, idle time left out)", ""]
    out += ["| stage (inclusive) | share |", "|---|---|"]
    out += [f"| {label} | {n_ / total:.1%} |" for label, n_ in stages.most_common()]
    out += ["", "| function (own time) | share |", "|---|---|"]
    out += [f"| `{name}` | {n_ / total:.1%} |" for name, n_ in own.most_common(n)]
    return "\n".join(out)
