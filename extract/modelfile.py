"""The file format of the learned models: a compressed ``.npz`` with a JSON ``meta`` entry.

The archive's timestamps are fixed, so the same model gives the same bytes (the training
commands' reproducibility is checked byte for byte).
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import numpy as np

__all__ = ["info_items", "npz_bytes", "read_npz"]


def npz_bytes(meta: dict[str, Any], **arrays: np.ndarray) -> bytes:
    """``meta`` (as sorted JSON) and ``arrays`` as one compressed ``.npz``, without times.

    >>> data = npz_bytes({"version": "x"}, weights=np.ones(2, np.float16))
    >>> data == npz_bytes({"version": "x"}, weights=np.ones(2, np.float16))
    True
    >>> meta, arrays = read_npz(data)
    >>> meta, arrays["weights"].tolist()
    ({'version': 'x'}, [1.0, 1.0])
    """
    entries: dict[str, Any] = {"meta": np.array(json.dumps(meta, sort_keys=True)), **arrays}
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **entries)
    return _without_times(buffer.getvalue())


def read_npz(data: bytes) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The ``meta`` and the arrays of an ``.npz`` that :func:`npz_bytes` wrote."""
    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        meta: dict[str, Any] = json.loads(str(npz["meta"]))
        return meta, {name: npz[name] for name in npz.files if name != "meta"}


def info_items(meta: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """The ``info`` mapping of a model's ``meta`` as sorted (key, text) pairs."""
    return tuple(sorted((k, str(v)) for k, v in meta.get("info", {}).items()))


def _without_times(data: bytes) -> bytes:
    """Rewrite a zip archive with fixed timestamps, so that equal models give equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()
