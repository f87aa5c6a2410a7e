"""Worker processes that never outlive the process that started them.

A process pool's workers wait on a pipe from their parent. Killed with SIGKILL, the parent
cannot stop them, and a forked worker whose parent is gone is adopted by init and sleeps on
for ever (six killed ingests left twelve). So each worker watches its parent's pid and ends
when it changes. And a worker ignores Ctrl-C: SIGINT goes to the terminal's whole process
group, and the parent alone decides what an interruption means (the ingest stops its pool,
keeps what it committed and says so); a worker's own traceback would only hide that.
"""

from __future__ import annotations

import os
import signal
import threading
import time

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
