"""Reading the project's YAML files: PyYAML's safe loader in libyaml's C build when PyYAML has it.

The corpora (about 150 files of blind messages, answers, vignettes and questions) are read by
training, every evaluation and the unit tests; the pure-Python safe loader took 34 s to read them
all, the C one 4 s, with the same data (tests/unit/test_yaml_files.py). Without libyaml, the
pure-Python loader reads them as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any, Union

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(document: Union[str, bytes, IO[str]]) -> Any:
    """`yaml.safe_load`, through libyaml when it is there."""
    return yaml.load(document, Loader=SafeLoader)  # noqa: S506 - a safe loader (C or Python)


def read(path: Union[str, Path]) -> Any:
    """The YAML file at `path` (UTF-8)."""
    return load(Path(path).read_text(encoding="utf-8"))
