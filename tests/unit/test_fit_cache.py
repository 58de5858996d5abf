"""The fit store (twitchcare/fit_cache.py): a fit is made once per input, read back whole, waited
for while another process makes it, and made in place when its writer died or its file is bad."""

import multiprocessing
import os
import time

from twitchcare import fit_cache


def test_key_changes_with_any_input_or_source(tmp_path):
    source = tmp_path / "code.py"
    source.write_text("C = 1\n")
    base = fit_cache.key([("a", "x")], "1.2", sources=[source])
    assert base == fit_cache.key([("a", "x")], "1.2", sources=[source])
    assert base != fit_cache.key([("a", "y")], "1.2", sources=[source])
    assert base != fit_cache.key([("a", "x")], "1.3", sources=[source])
    assert base != fit_cache.key([("x", "a")], "1.2", sources=[source]) != fit_cache.key([("a", "x")], "1.2")
    source.write_text("C = 2\n")
    assert base != fit_cache.key([("a", "x")], "1.2", sources=[source])


def test_a_fit_is_made_once_and_read_back(tmp_path):
    calls = []
    store = fit_cache.FitCache(tmp_path)
    first = store.get_or_fit("model", "k1", lambda: calls.append(1) or {"weights": [1, 2]})
    again = store.get_or_fit("model", "k1", lambda: calls.append(1) or {"weights": [9]})
    other = store.get_or_fit("model", "k2", lambda: calls.append(1) or {"weights": [3]})
    assert first == again == {"weights": [1, 2]} and other == {"weights": [3]} and len(calls) == 2
    assert not list(tmp_path.glob("*.lock")) and not list(tmp_path.glob("*.partial"))


def test_only_the_newest_fits_are_kept(tmp_path):
    store = fit_cache.FitCache(tmp_path)
    (tmp_path / "model-old.joblib").write_bytes(b"a fit stored before the pickles")  # never read now
    for n in range(fit_cache.KEEP + 2):
        store.get_or_fit("model", f"k{n}", lambda: n)
        time.sleep(0.01)  # distinct modification times
    kept = sorted(p.name for p in tmp_path.glob(f"model-*{fit_cache.SUFFIX}"))
    assert kept == [f"model-k{n}{fit_cache.SUFFIX}" for n in range(2, fit_cache.KEEP + 2)]
    assert not list(tmp_path.glob("*.joblib"))


def test_an_unreadable_stored_fit_is_made_again(tmp_path):
    store = fit_cache.FitCache(tmp_path)
    store.path("model", "k").write_bytes(b"not a stored fit")
    assert store.get_or_fit("model", "k", lambda: "fresh") == "fresh"
    assert store.get_or_fit("model", "k", lambda: "never") == "fresh"


def test_a_dead_writers_lock_does_not_block(tmp_path):
    dead = multiprocessing.Process(target=lambda: None)
    dead.start()
    dead.join()
    store = fit_cache.FitCache(tmp_path, wait_seconds=60)
    store.path("model", "k").with_suffix(".lock").write_text(str(dead.pid))
    started = time.monotonic()
    assert store.get_or_fit("model", "k", lambda: "made here") == "made here"
    assert time.monotonic() - started < 10


def _slow_fit(directory, ready):
    store = fit_cache.FitCache(directory)

    def fit():
        ready.set()
        time.sleep(1.5)
        return f"made by {os.getpid()}"

    store.get_or_fit("model", "k", fit)


def test_a_fit_being_made_elsewhere_is_waited_for_not_repeated(tmp_path):
    ready = multiprocessing.Event()
    writer = multiprocessing.Process(target=_slow_fit, args=(tmp_path, ready))
    writer.start()
    assert ready.wait(30)
    got = fit_cache.FitCache(tmp_path, wait_seconds=60).get_or_fit("model", "k", lambda: "made here")
    writer.join(30)
    assert got == f"made by {writer.pid}"


def test_training_runs_everything_but_the_retrievers_fit_at_a_lower_priority(tmp_path, monkeypatch):
    """scripts/train_if_changed.py: the retriever's fit, training's longest serial chain, keeps its
    priority; rasa train and the detector's fit run NICER lower, and a child really is niced."""
    from scripts import train_if_changed

    started = []

    class Child:
        def __init__(self, command, cwd=None, preexec_fn=None):
            started.append((command, preexec_fn))
            self.returncode = 1  # "rasa train failed": no fingerprint is written

        def poll(self):
            return 0

        def wait(self):
            return 0

    monkeypatch.setattr(train_if_changed, "ROOT", tmp_path)
    monkeypatch.setattr(train_if_changed, "fingerprint", lambda: "new")
    monkeypatch.setattr(train_if_changed.subprocess, "Popen", Child)
    monkeypatch.setattr(train_if_changed.subprocess, "run", Child)
    assert train_if_changed.main() == 1
    nicer = {command[-1]: preexec for command, preexec in started}
    assert nicer["retriever"] is None
    assert nicer["detector"] is train_if_changed._nicer and nicer["--force"] is train_if_changed._nicer

    def niceness_in_a_child(queue):
        before = os.nice(0)
        train_if_changed._nicer()
        queue.put(os.nice(0) - before)

    queue = multiprocessing.get_context("fork").Queue()
    child = multiprocessing.get_context("fork").Process(target=niceness_in_a_child, args=(queue,))
    child.start()
    child.join(10)
    assert queue.get(timeout=1) == train_if_changed.NICER
