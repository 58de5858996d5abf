"""Settings read once from the environment. Everything configurable lives here."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Wording used when a deployment has not set EMERGENCY_NUMBER: it must be right in any country.
GENERIC_EMERGENCY_NUMBER = "your local emergency number (for example 911 in the US, 999 in the UK, 112 in the EU)"


def _float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Settings:
    knowledge_dir: Path
    emergency_number: str
    # BM25 score a free-text match needs before it is offered as an answer.
    retrieval_min_score: float


def load_settings() -> Settings:
    number = os.environ.get("EMERGENCY_NUMBER", "").strip()
    return Settings(
        knowledge_dir=Path(os.environ.get("KNOWLEDGE_DIR", PROJECT_ROOT / "knowledge")),
        emergency_number=number or GENERIC_EMERGENCY_NUMBER,
        retrieval_min_score=_float("RETRIEVAL_MIN_SCORE", 4.0),
    )


SETTINGS = load_settings()
