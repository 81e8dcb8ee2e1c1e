"""Reading, parsing and analysis ahead of the writer, in a second process when it pays.

The writer (indexer._Run) stays one process: it alone decides clusters, paths and commits, so
crash safety is what it was. What it needs of each new article but cannot decide (the article
itself, each indexed field's postings and length, the MinHash signature) depends on the article
alone, and a worker process computes it for the files of a run, in the run's order, while the
writer writes. `open_source` picks the worker only when there is enough to read to repay its
start and the machine has a second core; both sources give the writer the same articles in the
same order, and the same analysis (the same functions compute it; tests compare the indexes).

The worker is forked (no re-import), ignores Ctrl-C (the writer stops it), is killed by the kernel
when the writer dies (PR_SET_PDEATHSIG, so a SIGKILLed `newsearch index` leaves no orphan), closes
its inherited copy of the writer's lock, and runs at most QUEUE_BYTES of messages ahead.
"""

from __future__ import annotations

import collections
import ctypes
import gc
import hashlib
import json
import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .format.codec import analyse
from .documents import indexed_fields
from ...errors import ComponentMissingError, NewsearchError
from ...models import Article

WORKER_MIN_BYTES = 1 * 2**20  # below this much to read, a worker's start costs more than it saves
CHUNK = 50  # articles a message
# Messages received ahead of the writer, by size: about 2,500 articles (~6.5 KB each), more than
# the worker parses during a commit's flush. By size, not count: a file of one article is one
# message, and a bound of 32 messages let the worker run only 32 articles ahead of the writer on a
# folder of small pages (it then stood idle through every flush: 20,841 one-story files took ~2x
# as long to index as the same stories in one JSON Lines file).
QUEUE_BYTES = 16 * 2**20
_PR_SET_PDEATHSIG = 1
COLLECT_EVERY = 64  # messages between the worker's garbage collections
_sent = 0

ReadStreamed = Callable[[Path, list], Iterator[Article]]
ReadWhole = Callable[[Path, list], "list[Article] | None"]


@dataclass(frozen=True)
class Prepared:
    """What the writer takes for a new article: its analysed fields and MinHash signature."""

    analysed: dict
    signature: object  # numpy array, or None when the text is too short to compare


_schema = None


def prepare(article: Article) -> Prepared:
    """Analyse an article's indexed fields (codec.analyse) and compute its MinHash signature."""
    global _schema
    from ... import dedup
    from .schema import build_schema

    if _schema is None:
        _schema = build_schema()
    return Prepared(analyse(_schema, indexed_fields(article)), dedup.signature(article.body or article.title))


def open_source(jobs: list[tuple[Path, bool, int]], read_streamed: ReadStreamed, read_whole: ReadWhole,
                lock_fds: tuple[int, ...] = ()):
    """The articles of `jobs` ((path, streamed?, size) in the order the writer reads them)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if cores > 1 and sum(size for _, _, size in jobs) >= WORKER_MIN_BYTES:
        return WorkerSource(jobs, read_streamed, read_whole, lock_fds)
    return InProcessSource(read_streamed, read_whole)


class InProcessSource:
    """Files read and parsed by the writer itself; the writer analyses as it writes."""

    def __init__(self, read_streamed: ReadStreamed, read_whole: ReadWhole):
        self.read_streamed, self.read_whole = read_streamed, read_whole

    def streamed(self, path: Path, problems: list) -> Iterator[Article]:
        """A JSON Lines file's articles, lazily (InputError now if it cannot be opened)."""
        return self.read_streamed(path, problems)

    def whole(self, path: Path, failed: list) -> list[Article] | None:
        return self.read_whole(path, failed)

    def take(self, article_id: str) -> Prepared | None:
        """The prepared analysis of an article read since the last `forget` (none here)."""
        return None

    def forget(self) -> None:
        pass

    def close(self) -> None:
        pass


class WorkerSource(InProcessSource):
    """Files read, parsed and analysed by a worker process, one job after another."""

    def __init__(self, jobs, read_streamed, read_whole, lock_fds=()):
        import multiprocessing

        super().__init__(read_streamed, read_whole)
        self.prepared: dict[str, Prepared] = {}
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        self.process = context.Process(target=_work, args=(jobs, read_streamed, read_whole, send, receive, lock_fds,
                                                           os.getpid()),
                                       daemon=True, name="newsearch-prepare")
        self.process.start()
        send.close()  # the worker's end: its death then reads as end of file here
        self.connection = receive
        self.messages = _SizeBoundedQueue(QUEUE_BYTES)
        self.receiver = threading.Thread(target=self._receive, daemon=True, name="newsearch-receive")
        self.receiver.start()

    def streamed(self, path, problems):
        kind, *rest = self._next()
        if kind == "raise":
            raise rest[0]
        return self._articles(problems)

    def _articles(self, problems) -> Iterator[Article]:
        while True:
            kind, *rest = self._next()
            if kind == "articles":
                yield from self._register(rest[0])
            else:  # "end" or "raise": the file's problems, and maybe the error that stopped it
                problems.extend(rest[0])
                if kind == "raise":
                    raise rest[1]
                return

    def whole(self, path, failed):
        _, articles, reported, error = self._next()
        failed.extend(reported)
        if error is not None:  # raised where the in-process reader raises it: see _work
            raise error
        return None if articles is None else list(self._register(articles))

    def take(self, article_id):
        packed = self.prepared.pop(article_id, None)
        return None if packed is None else Prepared(pickle.loads(packed.analysed), packed.signature)

    def forget(self):
        self.prepared = {}

    def close(self):
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.messages.close()  # the receiver's last messages are dropped, so it reaches the end and stops
        self.receiver.join(timeout=5)
        self.connection.close()

    def _register(self, pairs) -> Iterator[Article]:
        for article, prepared in pairs:
            self.prepared.setdefault(article.id, prepared)  # the first of two copies is the one kept
            yield article

    def _next(self):
        data = self.messages.get()
        if data is None:
            self.process.join()
            code = self.process.exitcode
            raise NewsearchError(f"the worker parsing documents stopped unexpectedly (exit code {code})")
        message = pickle.loads(data)
        if message[0] == "crash":  # what would have stopped the run in process stops it here
            raise message[1]
        return message

    def _receive(self) -> None:
        """Move the worker's messages into the bounded queue (None: the worker is gone)."""
        try:
            while True:
                self.messages.put(self.connection.recv_bytes())
        except (EOFError, OSError):
            self.messages.put(None)


class _SizeBoundedQueue:
    """A FIFO of messages (bytes, or None for the end) holding at most `limit` bytes; one message
    always fits, however large. Once closed, it drops what is put."""

    def __init__(self, limit: int):
        self.limit, self.size, self.closed = limit, 0, False
        self.items: collections.deque = collections.deque()
        self.changed = threading.Condition()

    def put(self, data: bytes | None) -> None:
        size = len(data) if data else 0
        with self.changed:
            while not self.closed and self.items and self.size + size > self.limit:
                self.changed.wait()
            if not self.closed:
                self.items.append(data)
                self.size += size
                self.changed.notify_all()

    def get(self) -> bytes | None:
        with self.changed:
            while not self.items and not self.closed:
                self.changed.wait()
            return self._pop() if self.items else None  # closed: as if the worker were gone

    def close(self) -> None:
        with self.changed:
            self.closed = True
            self.items.clear()
            self.size = 0
            self.changed.notify_all()

    def _pop(self):
        data = self.items.popleft()
        self.size -= len(data) if data else 0
        self.changed.notify_all()
        return data


def _work(jobs, read_streamed, read_whole, send, receive, lock_fds, parent: int) -> None:
    """The worker: every job's articles with their preparation, in order, as pickled messages."""
    receive.close()
    _die_with_parent(parent)
    gc.freeze()  # the writer's objects, inherited: never scanned here, so their pages stay shared
    gc.disable()  # little cyclic garbage here: collected every COLLECT_EVERY messages (see _send)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for fd in lock_fds:  # the writer's flock must not outlive the writer in this copy
        try:
            os.close(fd)
        except OSError:
            pass
    try:
        for path, is_streamed, _ in jobs:
            if is_streamed:
                _stream_job(path, read_streamed, send)
            else:
                failed: list = []
                try:
                    articles = read_whole(path, failed)
                except ComponentMissingError as error:  # this file only: the writer reports it, the rest go on
                    _send(send, ("file", None, failed, error))
                    continue
                pairs = None if articles is None else [(a, _prepared_once(a)) for a in articles]
                _send(send, ("file", pairs, failed, None))
    except (BrokenPipeError, EOFError):
        pass  # the writer closed its end: it stopped, so must this
    except BaseException as error:  # reported by the writer, not printed here
        try:
            _send(send, ("crash", error))
        except Exception:
            pass
    finally:
        send.close()


def _stream_job(path, read_streamed, send) -> None:
    problems: list = []
    try:
        articles = read_streamed(path, problems)
    except Exception as error:
        _send(send, ("raise", error))
        return
    _send(send, ("opened",))
    chunk = []
    articles = iter(articles)
    while True:
        try:
            article = next(articles)
        except StopIteration:
            break
        except Exception as error:  # raised again in the writer, where the in-process reader raises it
            _send(send, ("articles", chunk))
            _send(send, ("raise", problems, error))
            return
        chunk.append((article, _prepared_once(article)))
        if len(chunk) >= CHUNK:
            _send(send, ("articles", chunk))
            chunk = []
    _send(send, ("articles", chunk))
    _send(send, ("end", problems))


_prepared_before: set[bytes] = set()  # the worker's: what it prepared in this run (id and text)


def _prepared_once(article: Article) -> Prepared | None:
    """An article's preparation, packed; None for an article prepared before in this run (the same
    id and text, read in another file): a copy, to which the writer only adds a path. (Should the
    writer write it after all, it analyses it itself.)"""
    data = article.to_dict()
    del data["path"], data["ordinal"]
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    if key in _prepared_before:
        return None
    _prepared_before.add(key)
    return _packed(prepare(article))


def _packed(prepared: Prepared) -> Prepared:
    """The analysis pickled on its own: the writer holds a batch of these until its commit, and a
    few kilobytes of bytes take a fifth of the memory of the tuples they stand for."""
    return Prepared(pickle.dumps(prepared.analysed, pickle.HIGHEST_PROTOCOL), prepared.signature)


def _send(send, message) -> None:
    global _sent
    _sent += 1
    if _sent % COLLECT_EVERY == 0 and not gc.isenabled():
        gc.collect()
    try:
        data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    except Exception as error:  # an exception that cannot be pickled: its type and text go instead
        if message[0] != "raise":
            raise
        substitute = NewsearchError(f"{type(message[-1]).__name__}: {message[-1]}")
        data = pickle.dumps(message[:-1] + (substitute,), pickle.HIGHEST_PROTOCOL)
        del error
    send.send_bytes(data)


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this process when its parent dies (elsewhere: the broken pipe stops it)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
