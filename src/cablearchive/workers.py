"""Worker processes that never outlive the process that started them.

A process pool's workers wait on a pipe from their parent. Killed with SIGKILL, the parent
cannot stop them, and a forked worker whose parent is gone is adopted by init and sleeps on
for ever (six killed ingests left twelve). So each worker watches its parent's pid and ends
when it changes. And a worker ignores Ctrl-C: SIGINT goes to the terminal's whole process
group, and the parent alone decides what an interruption means (the ingest stops its pool,
keeps what it committed and says so); a worker's own traceback would only hide that.

`run_apart` runs one function in a fresh interpreter (`python -m cablearchive.workers`), for
work that would otherwise share this process's one running thread with other Python work.
"""

from __future__ import annotations

import importlib
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from typing import Any

WATCH_EVERY_S = 0.25  # how soon an orphaned worker ends


def start_worker(parent: int) -> None:
    """A pool's `initializer`: run in each worker as it starts, with the parent's pid (taken
    in the parent: `os.getpid()` there)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watch = threading.Thread(target=_end_with, args=(parent,), daemon=True, name="parent-watch")
    watch.start()


def _end_with(parent: int) -> None:
    while True:
        time.sleep(WATCH_EVERY_S)
        if os.getppid() != parent:
            # No cleanup to run: the parent held every result, and this process's work is
            # lost with it. `_exit`: a normal exit would wait for the pool's feeder threads.
            os._exit(1)


class ApartFailed(Exception):
    """The process of `run_apart` ended without a result."""


def run_apart(target: str, *args: str) -> Any:
    """`module:function(*args)` run in a fresh Python process, its result (pickled) back.

    Not multiprocessing's spawn, which imports the caller's main script again in the child
    (a script that ingests without `if __name__ == "__main__"` would ingest twice), nor its
    fork, which copies every page and thread of this process; the child watches this process
    as the pool's workers do."""
    done = subprocess.run(
        [sys.executable, "-m", "cablearchive.workers", target, str(os.getpid()), *args],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ApartFailed(
            f"{target} ended with status {done.returncode}: {said[-1] if said else 'no message'}"
        )
    return pickle.loads(done.stdout)


def _run(argv: list[str]) -> int:
    target, parent, *args = argv
    start_worker(int(parent))
    module, function = target.split(":")
    result = getattr(importlib.import_module(module), function)(*args)
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(_run(sys.argv[1:]))
