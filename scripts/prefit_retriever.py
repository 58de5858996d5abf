"""Fit the knowledge retriever into the fit store, beside `rasa train` (run by train_if_changed.py).

Rasa fits the pipeline's components one after another; the retriever's fit is single-threaded
and the longest step, so on a 2-core machine it is made here in parallel with DIET and the
emergency detector. It reads what the component reads (config.yml's question files, the NLU
out-of-scope examples as Rasa's importer loads them) and stores the fit under the hash of those
inputs (twitchcare/fit_cache.py); the component reads it back, or waits for it while it is being
made, and fits in place when the inputs differ. Run as `python -m scripts.prefit_retriever`.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import yaml

from rasa.shared.importers.importer import TrainingDataImporter

from addons import entry_retriever

ROOT = Path(__file__).resolve().parent.parent

COMPONENT = "addons.entry_retriever.EntryRetrieverComponent"


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s prefit: %(message)s")
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    component = {**entry_retriever.EntryRetrieverComponent.get_default_config()}
    component.update(next(c for c in config["pipeline"] if c["name"] == COMPONENT))
    importer = TrainingDataImporter.load_from_config(
        str(ROOT / "config.yml"), str(ROOT / "domain.yml"), [str(ROOT / "data")]
    )
    training_data = importer.get_nlu_data(config.get("language", "en"))
    entry_retriever.fitted(component["question_files"], entry_retriever.out_of_scope_texts(training_data, component))
    return 0


if __name__ == "__main__":
    sys.exit(main())
