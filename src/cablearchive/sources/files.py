"""Files and folders on disk: only regular files are opened.

Inside a folder, symbolic links are reported and not followed (so no loop can form), and
FIFOs, sockets and devices are reported and never opened: opening a FIFO would block, and
opening a device can have effects. A path named explicitly is followed if it is a link, since
the user asked for it, but must still lead to a regular file or folder.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from typing import BinaryIO

from cablearchive.parse.model import Source
from cablearchive.sources.archives import archive_items
from cablearchive.sources.content import Item, content_items, safe_label
from cablearchive.sources.detect import sniff_container
from cablearchive.sources.document import SourceProblem
from cablearchive.sources.limits import Limits
from cablearchive.sources.streams import HEAD_BYTES, read_at_most


class NotARegularFile(OSError):
    """The path turned out not to be a regular file when opened."""


# (device, inode) of a folder not to read -> why, in words.
Excluded = Mapping[tuple[int, int], str]


def excluded_folders(reasons: Mapping[str, str]) -> Excluded:
    """The folders among `reasons`' paths that exist, keyed as the walker meets them."""
    out: dict[tuple[int, int], str] = {}
    for path, reason in reasons.items():
        try:
            info = os.stat(path)
        except OSError:
            continue
        out[(info.st_dev, info.st_ino)] = reason
    return out


def path_items(path: str, limits: Limits, excluded: Excluded | None = None) -> Iterator[Item]:
    """The documents in a file or folder named by the user."""
    source = Source(path=safe_label(path))
    try:
        info = os.stat(path)
    except OSError as err:
        yield SourceProblem(source, _os_error_message(path, err))
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _folder_items(path, info, limits, excluded or {})
    elif stat.S_ISREG(info.st_mode):
        yield from _file_items(path, source, limits, follow_symlinks=True)
    else:
        yield SourceProblem(source, f"{describe_mode(info.st_mode)}, not a regular file; skipped")


def _folder_items(
    root: str, root_info: os.stat_result, limits: Limits, excluded: Excluded
) -> Iterator[Item]:
    """Every entry under `root`, depth first in name order, without recursion (trees get deep)."""
    visited: set[tuple[int, int]] = set()
    pending: list[Iterator[str]] = []
    problem = _enter_folder(root, root_info, visited, pending, excluded)
    if problem is not None:
        yield problem
    while pending:
        path = next(pending[-1], None)
        if path is None:
            pending.pop()
            continue
        source = Source(path=safe_label(path))
        try:
            info = os.lstat(path)
        except OSError as err:
            yield SourceProblem(source, _os_error_message(path, err))
            continue
        mode = info.st_mode
        if stat.S_ISREG(mode):
            yield from _file_items(path, source, limits, follow_symlinks=False)
        elif stat.S_ISDIR(mode):
            problem = _enter_folder(path, info, visited, pending, excluded)
            if problem is not None:
                yield problem
        elif stat.S_ISLNK(mode):
            yield SourceProblem(source, f"symbolic link{_link_target(path)} not followed; skipped")
        else:
            yield SourceProblem(source, f"{describe_mode(mode)}, not a regular file; skipped")


def _enter_folder(
    path: str,
    info: os.stat_result,
    visited: set[tuple[int, int]],
    pending: list[Iterator[str]],
    excluded: Excluded,
) -> SourceProblem | None:
    """Queue a folder's entries, in name order; or say why it cannot be read."""
    key = (info.st_dev, info.st_ino)
    if (reason := excluded.get(key)) is not None:
        return SourceProblem(Source(path=safe_label(path)), f"{reason}; not read")
    if key in visited:  # a bind mount can loop even without links
        return SourceProblem(Source(path=safe_label(path)), "folder already read (a loop); skipped")
    visited.add(key)
    try:
        names = sorted(os.listdir(path))
    except OSError as err:
        return SourceProblem(Source(path=safe_label(path)), _os_error_message(path, err))
    pending.append(iter([os.path.join(path, name) for name in names]))
    return None


def _file_items(
    path: str, source: Source, limits: Limits, *, follow_symlinks: bool
) -> Iterator[Item]:
    try:
        file = open_regular_file(path, follow_symlinks=follow_symlinks)
    except OSError as err:
        yield SourceProblem(source, _os_error_message(path, err))
        return
    with file:
        try:
            head = read_at_most(file, HEAD_BYTES)
            container = sniff_container(head, path)
            if container is None:
                yield from content_items(head, file, source, limits, path)
            else:
                yield from archive_items(container, head, file, source, limits)
        except OSError as err:
            yield SourceProblem(source, f"read error: {err.strerror or err}")


def open_regular_file(path: str, *, follow_symlinks: bool) -> BinaryIO:
    """Open `path` for reading only if it is a regular file, without ever blocking.

    O_NONBLOCK makes opening a FIFO return at once should the file have been swapped for one
    since it was checked; the check after opening then refuses it.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise NotARegularFile(f"{describe_mode(mode)}, not a regular file; skipped")
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def describe_mode(mode: int) -> str:
    """What kind of file a mode is, in words ("a FIFO (named pipe)")."""
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISREG, "a regular file"),
    )
    return next((kind for test, kind in kinds if test(mode)), "a special file")


def _os_error_message(path: str, err: OSError) -> str:
    if isinstance(err, NotARegularFile):
        return str(err)
    if isinstance(err, FileNotFoundError):
        if os.path.islink(path):
            return f"symbolic link{_link_target(path)} leads to no file"
        return "no such file or folder"
    if isinstance(err, PermissionError):
        return "permission denied"
    return f"cannot read: {err.strerror or err}"


def _link_target(path: str) -> str:
    try:
        return f" (to {safe_label(os.readlink(path))!r})"
    except OSError:
        return ""


def input_sizes(paths: Iterable[str]) -> dict[str, int]:
    """The size of every file under `paths`, by the path sources name it with (for progress
    and for judging an input against the archive it goes into)."""
    sizes: dict[str, int] = {}
    for path in paths:
        if os.path.isdir(path):
            for root, _dirs, names in os.walk(path):
                for name in names:
                    full = os.path.join(root, name)
                    with contextlib.suppress(OSError):
                        sizes[full] = os.path.getsize(full)
        else:
            with contextlib.suppress(OSError):
                sizes[path] = os.path.getsize(path)
    return sizes
