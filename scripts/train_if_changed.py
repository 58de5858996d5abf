"""Train the Rasa model only when its inputs changed since the last training.

The fingerprint is a hash of config.yml, domain.yml, data/, the pinned requirements and
the emergency detector's inputs (its corpora as config.yml names them, and its code: the rules
and the intake's buttons are among its features); it is stored next to the model. The knowledge
retriever and the emergency detector are fitted in processes beside `rasa train` (scripts/prefit.py). Run
with the project's venv Python.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MODEL_NAME = "twitch-assistant"
PREFITS = ("detector", "retriever")  # scripts/prefit.py, started with rasa train
# The retriever's fit is the longest chain of one-after-another work in training (one process, about
# four minutes of CPU), while rasa train (DIET on every core) and the detector's fit (two processes)
# can use whatever is free. On two cores, all at equal priority, the retriever got about half a core
# and finished minutes after the rest, alone on one core while the other idled (make test's first
# phase). So everything else in training runs this much nicer than the retriever's fit.
NICER = 5
UNHURRIED = ("detector",)  # prefits that run at the lower priority, with rasa train
INPUTS = [
    "config.yml",
    "domain.yml",
    "requirements.lock",
    "data",
    "twitchcare/emergency_detector.py",
    "twitchcare/safety.py",
    "twitchcare/regex_literals.py",
    "twitchcare/render.py",
    "twitchcare/intake.py",
    "twitchcare/spelling.py",
    "twitchcare/durations.py",
    "addons/emergency_detector.py",
    "addons/stored_model.py",
    "twitchcare/fast_scoring.py",
    "twitchcare/fit_cache.py",
    "twitchcare/retrieval.py",
    "twitchcare/softmax_fit.py",
    "twitchcare/knowledge.py",
    "addons/entry_retriever.py",
    "twitchcare/text.py",
    "knowledge",
]


def corpus_files() -> list:
    """Corpus files the learned components read besides data/ (config.yml names them)."""
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]
    return [
        name
        for component in pipeline
        for key in ("training_files", "intake_answer_files", "vignette_files", "question_files")
        for name in component.get(key, [])
    ]


def fingerprint() -> str:
    h = hashlib.sha256()
    for name in INPUTS + corpus_files():
        path = ROOT / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            h.update(str(f.relative_to(ROOT)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def _nicer() -> None:
    """Run in the child before it starts: lower its priority by NICER (never raises it)."""
    os.nice(NICER)


def main() -> int:
    model = ROOT / "models" / f"{MODEL_NAME}.tar.gz"
    stamp = ROOT / "models" / f"{MODEL_NAME}.fingerprint"
    current = fingerprint()
    if model.exists() and stamp.exists() and stamp.read_text().strip() == current:
        print(f"Model is up to date ({model.relative_to(ROOT)}); not retraining.")
        return 0
    print("Training data, config or domain changed: training the model...")
    # The emergency detector's and the knowledge retriever's fits, the longest steps, are made
    # beside rasa train (scripts/prefit.py); their components read them back from the fit store.
    prefits = [
        subprocess.Popen(
            [sys.executable, "-m", "scripts.prefit", name], cwd=ROOT, preexec_fn=_nicer if name in UNHURRIED else None
        )
        for name in PREFITS
    ]
    try:
        # Through the launcher, which packs the archive faster (rasa_patches/model_package.py).
        command = ["train", "--fixed-model-name", MODEL_NAME, "--out", "models", "--force"]
        done = subprocess.run([sys.executable, "-m", "launcher.rasa_server", *command], cwd=ROOT, preexec_fn=_nicer)
    finally:
        for prefit in prefits:
            if prefit.poll() is None:  # rasa train stopped before reading it: nothing waits for it now
                prefit.terminate()
            prefit.wait()
    if done.returncode != 0:
        return done.returncode
    stamp.write_text(current + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
