"""The query page's vendored front-end files, reproduced from npm: ``python3 frontend/vendor.py``.

``npm ci`` installs exactly what ``frontend/package-lock.json`` pins (no install scripts run),
then the dist files of each package in ``FILES`` and its licence are copied into
``kg/server_static/vendor/<name>/`` with a ``VENDORED.json`` that records the package,
its version, the lock's integrity, the SHA-256 of every file copied and where in the
package it comes from. The page loads
these files from the server; nothing is fetched when the page runs.
``tests/kg/test_vendored.py`` checks the vendored files against the lock and the record.

To upgrade: change the version in ``frontend/package.json``, run ``npm install
--package-lock-only`` in ``frontend/``, then this script, then the browser tests.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE.parent / "kg" / "server_static" / "vendor"

#: npm package -> (vendor folder, files copied from the package, relative to it)
FILES = {
    "@triply/yasgui": (
        "yasgui",
        [
            "build/yasgui.min.js",
            "build/yasgui.min.css",
            "build/yasgui.min.js.LICENSE.txt",
            "LICENSE.txt",
        ],
    ),
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    subprocess.run(
        ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=HERE, check=True
    )
    lock = json.loads((HERE / "package-lock.json").read_text(encoding="utf-8"))
    for package, (folder, names) in FILES.items():
        source = HERE / "node_modules" / package
        entry = lock["packages"][f"node_modules/{package}"]
        target = TARGET / folder
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        files, origins = {}, {}
        for name in names:
            copied = target / Path(name).name
            shutil.copyfile(source / name, copied)
            files[copied.name] = sha256(copied)
            origins[copied.name] = name
        record = {
            "package": package,
            "version": entry["version"],
            "integrity": entry["integrity"],
            "license": entry.get("license", ""),
            "files": files,
            "from": origins,
        }
        (target / "VENDORED.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        print(f"{package}@{entry['version']} -> {target.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
