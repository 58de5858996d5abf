"""5-fold cross-validation of the intent classifier on data/nlu (`make crossval`).

The pipeline is config.yml's, without the components that never set the intent (the emergency
detector and the entry retriever: each would be trained five times for nothing). What remains
(tokenizer, vocabulary extractor, featurizers, DIETClassifier with its random_seed,
FallbackClassifier, the destructive-intent guard) is exactly what names the intent in production.

    .venv/bin/python scripts/crossval.py [--out results/crossval] [--nlu data/nlu] [--config config.yml]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# Components that read the message but never set or change its intent.
NOT_INTENT = {"addons.emergency_detector.EmergencyDetectorComponent", "addons.entry_retriever.EntryRetrieverComponent"}


def intent_config(config: dict) -> dict:
    return {**config, "pipeline": [c for c in config["pipeline"] if c["name"] not in NOT_INTENT]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="results/crossval")
    parser.add_argument("--nlu", default="data/nlu")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--config", default="config.yml", help="a variant of config.yml to compare")
    args = parser.parse_args()
    config = yaml.safe_load((ROOT / args.config).read_text(encoding="utf-8"))
    with tempfile.NamedTemporaryFile("w", suffix=".yml", dir=ROOT, prefix=".crossval-", delete=False) as f:
        yaml.safe_dump(intent_config(config), f, sort_keys=False)
    try:
        rasa = str(Path(sys.executable).with_name("rasa"))
        command = [rasa, "test", "nlu", "--nlu", args.nlu, "--config", f.name, "--cross-validation"]
        command += ["--folds", str(args.folds), "--out", args.out, "--quiet"]
        return subprocess.call(command, cwd=ROOT)
    finally:
        Path(f.name).unlink()


if __name__ == "__main__":
    sys.exit(main())
