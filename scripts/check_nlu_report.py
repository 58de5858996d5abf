"""Print per-intent F1 from a `rasa test nlu` intent report and fail below a floor.

Usage: check_nlu_report.py results/nlu/intent_report.json [--min-f1 0.85]
"""

from __future__ import annotations

import argparse
import json
import sys


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("report")
    parser.add_argument("--min-f1", type=float, default=0.85, help="weighted-average intent F1 below this fails")
    args = parser.parse_args()
    with open(args.report, encoding="utf-8") as f:
        report = json.load(f)
    for name, row in sorted(report.items()):
        if isinstance(row, dict) and "f1-score" in row and name not in ("macro avg", "weighted avg", "micro avg"):
            print(f"  {name:<20} f1={row['f1-score']:.3f}  support={row.get('support')}")
    weighted = report["weighted avg"]["f1-score"]
    accuracy = report.get("accuracy")
    print(f"intent F1 (weighted) = {weighted:.3f}" + (f", accuracy = {accuracy:.3f}" if accuracy else ""))
    if weighted < args.min_f1:
        print(f"FAIL: weighted intent F1 {weighted:.3f} is below {args.min_f1}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
