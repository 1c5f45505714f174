"""Reading a SQLite deployment's files as someone holding a copy would: the write-ahead log
replayed commit by commit, and raw bytes searched for two values stored side by side."""

from __future__ import annotations

import sqlite3
import struct
import tempfile
from collections.abc import Iterator
from pathlib import Path

WAL_HEADER = 32
FRAME_HEADER = 24
WINDOW = 256  # bytes: two values of one row (a record) lie closer than this


def linked(data: bytes, first: str, second: str, window: int = WINDOW) -> bool:
    """Whether ``second`` occurs within ``window`` bytes of an occurrence of ``first``."""
    a, b = first.encode(), second.encode()
    start = data.find(a)
    while start != -1:
        if b in data[max(0, start - window) : start + len(a) + window]:
            return True
        start = data.find(a, start + 1)
    return False


def commits(database: Path, wal: Path) -> Iterator[sqlite3.Connection]:
    """The database as it stood in the file, then after each commit in the log (frames of the
    log's current generation, in order), each opened read-only."""
    image = bytearray(database.read_bytes())
    log = wal.read_bytes() if wal.exists() else b""
    with tempfile.TemporaryDirectory() as folder:
        snapshot = Path(folder) / "snapshot.db"

        def opened() -> sqlite3.Connection:
            snapshot.write_bytes(_rollback_journal(image))
            return sqlite3.connect(f"file:{snapshot}?immutable=1", uri=True)

        yield opened()
        if len(log) < WAL_HEADER:
            return
        page_size = struct.unpack(">I", log[8:12])[0]
        salts = log[16:24]
        offset = WAL_HEADER
        while offset + FRAME_HEADER + page_size <= len(log):
            page, size = struct.unpack(">II", log[offset : offset + 8])
            if log[offset + 8 : offset + 16] != salts:
                break  # an earlier generation's frames: not replayable in order
            body = log[offset + FRAME_HEADER : offset + FRAME_HEADER + page_size]
            end = page * page_size
            if len(image) < end:
                image.extend(bytes(end - len(image)))
            image[end - page_size : end] = body
            offset += FRAME_HEADER + page_size
            if size:  # a commit: the database is this many pages long
                del image[size * page_size :]
                yield opened()


def _rollback_journal(image: bytearray) -> bytes:
    """The image marked as a rollback-journal database (header bytes 18 and 19), so it opens
    without looking for a log of its own."""
    data = bytearray(image)
    if len(data) >= 20:
        data[18] = data[19] = 1
    return bytes(data)
