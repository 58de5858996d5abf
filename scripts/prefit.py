"""Make a learned component's fit into the fit store, beside `rasa train` (run by train_if_changed.py).

    python -m scripts.prefit retriever|detector

Rasa fits the pipeline's components one after another: DIET, then the emergency detector (six
fits: five writer-grouped folds for its bars, then all the data), then the knowledge retriever
(single-threaded). On a 2-core machine the detector waited for DIET and the last of its folds ran
on one core. So `make train` makes both fits here, each in its own process, from the start of
`rasa train`. Each reads what its component reads (config.yml's settings for it; the retriever also
the NLU out-of-scope examples, as Rasa's importer loads them) and stores the fit under the hash of
those inputs and of its code (twitchcare/fit_cache.py); the component reads it back, or waits for
it while it is being made, and fits in place when the inputs differ.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPONENTS = {
    "retriever": "addons.entry_retriever.EntryRetrieverComponent",
    "detector": "addons.emergency_detector.EmergencyDetectorComponent",
}


def component_config(config: Dict[str, Any], name: str, default: Dict[str, Any]) -> Dict[str, Any]:
    return {**default, **next(c for c in config["pipeline"] if c["name"] == COMPONENTS[name])}


def main(argv: Optional[List[str]] = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0] not in COMPONENTS:
        print(f"usage: python -m scripts.prefit {'|'.join(COMPONENTS)}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format=f"%(asctime)s %(levelname)s prefit {args[0]}: %(message)s")
    project = yaml.safe_load((ROOT / "config.yml").read_text())
    if args[0] == "detector":
        from addons import emergency_detector

        emergency_detector.fitted(
            component_config(project, "detector", emergency_detector.EmergencyDetectorComponent.get_default_config())
        )
        return 0
    from rasa.shared.importers.importer import TrainingDataImporter

    from addons import entry_retriever

    config = component_config(project, "retriever", entry_retriever.EntryRetrieverComponent.get_default_config())
    importer = TrainingDataImporter.load_from_config(
        str(ROOT / "config.yml"), str(ROOT / "domain.yml"), [str(ROOT / "data")]
    )
    training_data = importer.get_nlu_data(project.get("language", "en"))
    entry_retriever.fitted(config["question_files"], entry_retriever.out_of_scope_texts(training_data, config))
    return 0


if __name__ == "__main__":
    sys.exit(main())
