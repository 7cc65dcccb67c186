"""The data files parsed last, remembered by name and exact bytes.

A process that loads the data again — each validation of a long-lived process, ``forms import``
checking the data as it would be after each form, a test suite — parses only the files that
changed: about 0.5 s of the 0.64 s a load of the bundled data takes. A copy of the value is
handed out each time, so a caller may change its own.
"""

from __future__ import annotations

import collections
import copy
import dataclasses
import hashlib
from pathlib import Path

from docgen.data import yamlfile
from docgen.data.yamlfile import MAX_BYTES, YamlDoc
from docgen.errors import Problem

_PARSED: collections.OrderedDict[tuple[str, bytes], tuple[YamlDoc | None, list[Problem]]] = collections.OrderedDict()
_MAX = 24  # files: the eight shared ones, and units' files


def read_yaml(
    path: Path, name: str, raw: bytes | None = None, *, shared: bool = False
) -> tuple[YamlDoc | None, list[Problem]]:
    """``yamlfile.read_yaml``, parsing a file only when its bytes are new to this process.
    ``shared``: the remembered document itself, not a copy, for a caller that only reads it."""
    try:
        if raw is None and path.stat().st_size <= MAX_BYTES:
            raw = path.read_bytes()
    except OSError:
        pass  # yamlfile.read_yaml says why
    if raw is None:
        return yamlfile.read_yaml(path, name, raw)
    key = (name, hashlib.sha256(raw).digest())
    known = _PARSED.get(key)
    if known is None:
        known = _PARSED[key] = yamlfile.read_yaml(path, name, raw)
        while len(_PARSED) > _MAX:
            _PARSED.popitem(last=False)
    else:
        _PARSED.move_to_end(key)
    doc, problems = known
    if doc is None or shared:
        return doc, list(problems)
    return dataclasses.replace(doc, value=copy.deepcopy(doc.value)), list(problems)
