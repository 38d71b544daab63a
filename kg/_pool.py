"""Worker processes holding a store, each job under a time limit: a late worker is killed.

Oxigraph cannot cancel a query from Python, so each query runs in a worker process of a
small pool. If the answer is late, the worker is killed (``SIGKILL``) and a new one is
started in the background, while the other workers go on answering.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import queue
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

from drugkg.kg.errors import StoreError

__all__ = ["PoolBusy", "PoolError", "QueryMemory", "QueryTimeout", "WorkerLost", "WorkerPool"]


class PoolError(Exception):
    """A job the pool could not run; ``status`` is the HTTP status to answer with."""

    status = 503


class QueryTimeout(PoolError):
    """The job ran past the time limit; its worker was killed."""


class PoolBusy(PoolError):
    """No worker became free in time."""


class WorkerLost(PoolError):
    """The worker died during the job (killed, or out of memory)."""


class QueryMemory(PoolError):
    """The job needed more memory than a worker may have; the worker was replaced."""


def _fewer_malloc_arenas(arenas: int = 2) -> None:
    """Cap glibc's malloc arenas. Each thread that allocates at once may get its own arena,
    which reserves 64 MiB of address space. Under an address-space limit those reservations,
    not the memory in use, would use it up, and the engine's threads would fail to start
    ("Resource temporarily unavailable"). A worker runs one job at a time, so two arenas are
    enough. Other C libraries have no such option, and are left as they are."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if name is None:
        return
    try:
        ctypes.CDLL(name).mallopt(-8, arenas)  # -8 is M_ARENA_MAX in glibc's malloc.h
    except (OSError, AttributeError):
        return


def _worker_main(
    conn: multiprocessing.connection.Connection,
    location: str,
    writable: bool,
    offline: bool = True,
    memory_limit: int | None = None,
    held: bool = False,
) -> None:
    """A worker: open the store, then run ``(function, args)`` jobs until the pipe closes.

    An ``offline`` worker on an embedded store cannot open network connections, so no
    query or update can make the engine fetch from elsewhere (``SERVICE``, ``LOAD``).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the server, which stops us
    from drugkg.kg._outbound import forbid
    from drugkg.kg.remote import is_endpoint, open_store

    if offline and not is_endpoint(location):
        forbid()
    if memory_limit:  # an allocation past it fails: MemoryError, or the engine aborts
        import resource

        _fewer_malloc_arenas()
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    try:
        if held:  # the server holds the store's lock for us
            from drugkg.kg.store import GraphStore

            store = GraphStore.open(location, locked=True)
        else:
            store = open_store(location, read_only=not writable)
    except Exception as error:
        conn.send(("failed", f"{type(error).__name__}: {error}"))
        return
    conn.send(("ready", os.getpid()))
    try:
        while True:
            try:
                job = conn.recv()
            except (EOFError, OSError):
                break
            if job is None:
                break
            function, args = job
            try:
                answer = ("ok", function(store, *args))
            except MemoryError:
                conn.send(("memory", ""))
                break  # a worker that ran out of memory is replaced
            except Exception as error:
                answer = ("error", f"{type(error).__name__}: {error}")
            conn.send(answer)
    finally:
        store.close()


class _Late(Exception):
    pass


class _Worker:
    def __init__(
        self,
        context: Any,
        location: str,
        writable: bool,
        offline: bool,
        memory: int | None,
        held: bool = False,
    ) -> None:
        parent, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main,
            args=(child, location, writable, offline, memory, held),
            name="drugkg-query-worker",
            daemon=True,
        )
        self.process.start()
        child.close()
        self.conn: multiprocessing.connection.Connection = parent

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise StoreError(f"a query worker did not open the store within {timeout:.0f} s")
        try:
            status, detail = self.conn.recv()
        except EOFError:
            self.kill()
            raise StoreError("a query worker died while opening the store") from None
        if status != "ready":
            self.kill()
            raise StoreError(f"a query worker could not open the store: {detail}")

    def call(self, function: Callable[..., Any], args: tuple[Any, ...], timeout: float) -> Any:
        self.conn.send((function, args))
        if not self.conn.poll(timeout):
            raise _Late
        status, value = self.conn.recv()
        if status == "error":
            raise RuntimeError(value)
        if status == "memory":
            raise MemoryError
        return value

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(10)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(2)
        self.kill()


class WorkerPool:
    """``workers`` processes, each holding the store at ``location``.

    :meth:`run` gives a job to a free worker, waiting up to ``wait_limit`` seconds for
    one, and answers within ``time_limit`` seconds or raises :class:`QueryTimeout`
    (the worker is then killed and replaced). ``writable`` opens the store for writing,
    which only one process may do: such a pool has one worker. ``offline`` workers of an
    embedded store cannot open network connections (``kg/_outbound.py``); each worker's
    address space is limited to ``memory_limit`` bytes, and a job that runs out of it
    raises :class:`QueryMemory` (the worker is replaced). ``held`` says the caller holds
    the store's lock for the writing worker, which then does not take it.
    """

    def __init__(
        self,
        location: str,
        *,
        workers: int = 2,
        time_limit: float = 30.0,
        wait_limit: float | None = None,
        writable: bool = False,
        start_timeout: float = 120.0,
        offline: bool = True,
        memory_limit: int | None = None,
        held: bool = False,
    ) -> None:
        if workers < 1:
            raise ValueError(f"a pool needs at least one worker, not {workers}")
        if writable and workers != 1:
            raise ValueError("a pool that writes has exactly one worker")
        self.location = location
        self.size = workers
        self.time_limit = time_limit
        self.wait_limit = time_limit if wait_limit is None else wait_limit
        self.writable = writable
        self.offline = offline
        self.memory_limit = memory_limit
        self.held = held
        self.start_timeout = start_timeout
        self.restarts = 0
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False

    # -- life --------------------------------------------------------------------------

    def _new_worker(self) -> _Worker:
        return _Worker(self._context, self.location, self.writable, self.offline,
                       self.memory_limit, self.held)  # fmt: skip

    def start(self) -> WorkerPool:
        """Start every worker and wait until each has opened the store."""
        started = [self._new_worker() for _ in range(self.size)]
        self._workers.update(started)
        try:
            for worker in started:
                worker.wait_ready(self.start_timeout)
        except BaseException:
            self.close()
            raise
        for worker in started:
            self._idle.put(worker)
        return self

    def close(self) -> None:
        """Stop every worker (a busy one is killed)."""
        with self._lock:
            self._closed = True
            workers, self._workers = list(self._workers), set()
        for worker in workers:
            worker.stop()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def idle(self) -> int:
        return self._idle.qsize()

    # -- jobs --------------------------------------------------------------------------

    def run(self, function: Callable[..., Any], *args: Any) -> Any:
        """``function(store, *args)`` in a worker; ``function`` must be importable by name."""
        try:
            worker = self._idle.get(timeout=self.wait_limit)
        except queue.Empty:
            raise PoolBusy(
                f"all {self.size} query workers stayed busy for {self.wait_limit:g} s; "
                "try again later"
            ) from None
        try:
            value = worker.call(function, args, self.time_limit)
        except _Late:
            self._replace(worker)
            raise QueryTimeout(
                f"the query ran past the time limit of {self.time_limit:g} s and was stopped"
            ) from None
        except MemoryError:
            self._replace(worker)
            raise QueryMemory(self._memory_message()) from None
        except (EOFError, OSError):
            self._replace(worker)
            if self.memory_limit:  # the engine aborts when an allocation fails
                raise WorkerLost(
                    self._memory_message("worker died, most likely out of memory")
                ) from None
            raise WorkerLost("the query worker died while running the query") from None
        except RuntimeError:
            self._idle.put(worker)  # the job failed, the worker is fine
            raise
        except BaseException:
            self._replace(worker)
            raise
        self._idle.put(worker)
        return value

    def _memory_message(self, what: str = "needed more memory than it may use") -> str:
        mib = (self.memory_limit or 0) >> 20
        return f"the query {what} ({mib} MiB a query) and was stopped; ask for less"

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._workers.discard(worker)
            self.restarts += 1
            if self._closed:
                return
        threading.Thread(target=self._start_one, name="drugkg-pool-restart", daemon=True).start()

    def _start_one(self) -> None:
        """Start a worker in place of a killed one, retrying while the store cannot be opened."""
        delay = 0.5
        while True:
            with self._lock:
                if self._closed:
                    return
                worker = self._new_worker()
                self._workers.add(worker)
            try:
                worker.wait_ready(self.start_timeout)
            except StoreError:
                with self._lock:
                    self._workers.discard(worker)
                time.sleep(delay)
                delay = min(delay * 2, 30.0)
                continue
            with self._lock:
                if self._closed:
                    worker.stop()
                    return
            self._idle.put(worker)
            return
