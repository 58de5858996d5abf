"""Fitted models stored under a hash of everything the fit reads, so a fit is done once per input.

Rasa trains the pipeline's components one after another, and the emergency detector's and the
knowledge retriever's fits are the longest steps of `make train`. `scripts/train_if_changed.py`
therefore starts the same fits in processes beside `rasa train` (scripts/prefit.py); each component
then reads its result back instead of fitting again, or waits for it while it is being made. The
key is a hash of the fit's inputs (the examples themselves, in order) and of the code and library
versions that make it, so a stored fit is only ever used for exactly the inputs it was made from;
anything else (no store, a different key, a crashed writer, an unreadable file) falls back to
fitting in place. It also makes a retrain after, say, an emergency-corpus change skip the
retriever's fit entirely, and a retrain after an NLU change skip both.

Fits, and the trained objects inside the Rasa model (addons/stored_model.py), are stored as
plain pickles (`dump`, `load`): Python's C unpickler reads the detector's vocabularies about 9
times faster than joblib's pure-Python one (0.25 s against 2.3 s), and every server start and
in-process evaluation loads them.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import time
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar, cast

logger = logging.getLogger(__name__)
T = TypeVar("T")
KEEP = 3  # stored fits kept per name (the newest), so the store does not grow without bound
POLL_SECONDS = 0.5
SUFFIX = ".pkl"


def dump(trained: Any, path: Path) -> None:
    with open(path, "wb") as handle:
        pickle.dump(trained, handle, protocol=pickle.HIGHEST_PROTOCOL)


def load(path: Path) -> Any:
    with open(path, "rb") as handle:
        return pickle.load(handle)


def key(*parts: Any, sources: Iterable[Path] = ()) -> str:
    """A hash of `parts` (picklable: lists, tuples, strings, numbers) and of the `sources` files' bytes."""
    digest = hashlib.sha256(pickle.dumps(parts, protocol=4))
    for source in sources:
        digest.update(Path(source).read_bytes())
    return digest.hexdigest()[:32]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


class FitCache:
    def __init__(self, directory: Path, wait_seconds: float = 3600.0) -> None:
        self.directory = Path(directory)
        self.wait_seconds = wait_seconds

    def path(self, name: str, fit_key: str) -> Path:
        return self.directory / f"{name}-{fit_key}{SUFFIX}"

    def _wait_for_writer(self, lock: Path) -> None:
        """While another live process is making this fit, wait for it (up to `wait_seconds`)."""
        deadline = time.monotonic() + self.wait_seconds
        while lock.exists() and time.monotonic() < deadline:
            try:
                pid = int(lock.read_text().strip() or 0)
            except (OSError, ValueError):
                pid = 0
            if pid and not _alive(pid):
                return  # its writer died: fit here
            time.sleep(POLL_SECONDS)

    def _read(self, target: Path) -> Any:
        try:
            return load(target)
        except Exception:  # a truncated or foreign file: fit again rather than fail training
            logger.warning("Stored fit %s could not be read; fitting again.", target.name)
            return None

    def get_or_fit(self, name: str, fit_key: str, fit: Callable[[], T]) -> T:
        """The stored fit for (name, key), else `fit()`'s result, stored for the next caller."""
        self.directory.mkdir(parents=True, exist_ok=True)
        target = self.path(name, fit_key)
        lock = target.with_suffix(".lock")
        self._wait_for_writer(lock)
        if target.exists():
            stored = self._read(target)
            if stored is not None:
                logger.info("Read back the stored fit %s.", target.name)
                return cast(T, stored)
        try:
            descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:  # a stale lock of a dead writer: take it over
            descriptor = os.open(lock, os.O_WRONLY | os.O_TRUNC)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(str(os.getpid()))
        try:
            result = fit()
            partial = target.with_suffix(f".{os.getpid()}.partial")
            dump(result, partial)
            os.replace(partial, target)  # readers see a whole file or none
        finally:
            lock.unlink(missing_ok=True)
        self._prune(name)
        return result

    def _prune(self, name: str) -> None:
        stored = sorted(self.directory.glob(f"{name}-*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in stored[KEEP:] + list(self.directory.glob(f"{name}-*.joblib")):  # and fits stored before the pickles
            old.unlink(missing_ok=True)
