"""A ``drugkg build -j 2`` killed (SIGTERM, SIGKILL) leaves no worker alive and no lock held.

The build runs in its own session (``drugkg build`` with its store writes announced, as
in ``test_interrupted.py``); only the build process is killed, at several points, and
its workers must go with it: the process group empties (waited for, never timed) and
the store opens for writing at once. A forked child never holds the store's lock, and a
lock file naming a process that has exited is not reported as held by it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from drugkg.kg.store import GraphStore, StoreLockedError

from .conftest import ARTICLES
from .test_interrupted import DRIVER, SAMPLE

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def group(pgid: int) -> list[int]:
    """The processes of process group ``pgid`` (zombies left out)."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rpartition(")")[2].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(entry))
    return members


def wait_for(condition: object, seconds: float) -> bool:
    """Poll ``condition()`` until it holds or ``seconds`` pass (a hang guard only)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return bool(condition())  # type: ignore[operator]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough articles that two workers are busy for a while."""
    directory = tmp_path_factory.mktemp("killed") / "corpus"
    shutil.copytree(SAMPLE, directory)
    for i in range(120):
        for name, text in ARTICLES.items():
            (directory / f"{i:03d}-{name}").write_text(f"{text}\nNote {i}.\n", encoding="utf-8")
    return directory


@pytest.mark.parametrize(
    ("point", "sig"),
    [
        ("workers", signal.SIGTERM),
        ("workers", signal.SIGKILL),
        ("start bulk_load", signal.SIGKILL),
        ("end bulk_load", signal.SIGTERM),
        ("end bulk_load", signal.SIGKILL),
    ],
)
def test_a_killed_parallel_build_leaves_no_worker_and_no_lock(
    corpus: Path, tmp_path: Path, point: str, sig: signal.Signals
) -> None:
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    store = tmp_path / "store"
    args = ["build", str(corpus), "-j", "2", "--no-turtle", "--flush-each", "-s", str(store)]
    build = subprocess.Popen(
        [sys.executable, str(driver), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        assert build.stdout is not None
        if point == "workers":
            assert wait_for(lambda: len(group(build.pid)) >= 3, 180), "no workers started"
        else:
            for line in build.stdout:
                if line.strip() == point and len(group(build.pid)) >= 3:
                    break
            else:
                pytest.fail(f"the build ended before {point!r} with its workers running")
        build.send_signal(sig)  # the build process only, as a shell's kill does
        build.wait(60)
        left = wait_for(lambda: not group(build.pid), 60)
        assert left, f"workers still alive after the build was killed: {group(build.pid)}"
        with GraphStore.open(store):  # not 'store in use'
            pass
    finally:
        for pid in group(build.pid):
            os.kill(pid, signal.SIGKILL)
        if build.poll() is None:
            build.kill()
            build.wait(60)


# Opens the store, forks a child that waits for its stdin to close, and dies holding the lock.
_FORK_AND_DIE = """
import os, sys
from pathlib import Path
from drugkg.kg.store import GraphStore

held = GraphStore.open(Path(sys.argv[1]))
if os.fork() == 0:
    os.write(1, b"child\\n")  # past the fork hooks: its lock descriptor is /dev/null
    sys.stdin.read()
    os._exit(0)
os.write(1, b"forked\\n")  # one write each: the two lines cannot interleave
os._exit(0)
"""


def test_a_forked_child_does_not_hold_the_lock(tmp_path: Path) -> None:
    store = tmp_path / "store"
    writer = subprocess.Popen(
        [sys.executable, "-c", _FORK_AND_DIE, str(store)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdin is not None and writer.stdout is not None
    try:
        # both have spoken (in either order): the child runs its own code only after the
        # fork hook that lets go of the lock, which on a busy machine can come after the
        # writer has exited
        said = {writer.stdout.readline().strip(), writer.stdout.readline().strip()}
        assert said == {"forked", "child"}
        assert writer.wait(60) == 0  # the writer is gone; its child waits on stdin
        with GraphStore.open(store):  # and the store is free
            pass
    finally:
        writer.stdin.close()


def test_a_lock_naming_an_exited_process_names_the_live_holder(tmp_path: Path) -> None:
    with GraphStore.open(tmp_path / "store"):
        pass
    lock = tmp_path / "store" / "drugkg.lock"
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    lock.write_text(gone.stdout.strip(), encoding="ascii")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import fcntl, sys; f = open(sys.argv[1]); fcntl.flock(f, fcntl.LOCK_EX); "
         "print('held', flush=True); sys.stdin.read()", str(lock)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreLockedError) as raised:
            GraphStore.open(tmp_path / "store")
        assert f"(pid {holder.pid})" in str(raised.value)
        assert gone.stdout.strip() not in str(raised.value)
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(60)
    with GraphStore.open(tmp_path / "store"):  # the holder gone, the lock is free
        pass
