"""The gazetteer cache is a pickle, which can run code: it is loaded only when this user wrote
it and no one else can have changed it (a shared, writable cache folder, or a file of
another owner, is ignored and the gazetteer built again)."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from drugkg.extract import lexicon

LOAD = "from drugkg.extract.lexicon import default_gazetteer; default_gazetteer()"


class _Planted:
    """A pickle that, loaded, writes the file it names: what an attacker's code would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (exec, (f"open({str(self.marker)!r}, 'w').write('ran')",))


def _cache_file(folder: Path) -> Path:
    env = {**os.environ, "DRUGKG_CACHE_DIR": str(folder)}
    code = ("from drugkg.extract import lexicon; "
            "print(lexicon._cache_path(list(lexicon._lexicon_files())))")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, check=True, timeout=300)  # fmt: skip
    return Path(done.stdout.strip())


def _load(folder: Path) -> None:
    env = {**os.environ, "DRUGKG_CACHE_DIR": str(folder)}
    env.pop("DRUGKG_NO_CACHE", None)
    subprocess.run([sys.executable, "-c", LOAD], env=env, check=True, timeout=600)


@pytest.mark.parametrize("how", ["folder others may write", "file others may write",
                                 "file of another user"])  # fmt: skip
def test_a_planted_cache_file_is_never_loaded(tmp_path: Path, how: str) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    cache = _cache_file(folder)
    marker = tmp_path / "ran"
    cache.write_bytes(pickle.dumps(_Planted(marker)))
    if how == "folder others may write":
        folder.chmod(0o777)
    elif how == "file others may write":
        cache.chmod(0o666)
    else:
        if os.geteuid() != 0:
            pytest.skip("only root can give a file to another user")
        os.chown(cache, 65534, 65534)
    _load(folder)
    assert not marker.exists()


def test_the_cache_is_written_for_this_user_only_and_used(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    _load(folder)
    cache = _cache_file(folder)
    assert cache.stat().st_mode & 0o077 == 0
    assert lexicon._trusted(cache)
    assert [p.name for p in folder.iterdir()] == [cache.name]
