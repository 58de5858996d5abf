"""Known vulnerabilities of the pinned packages (requirements.lock), with pip-audit.

Usage (what `make audit` runs): audit.py [LOCK_FILE] [VENV_DIR]

pip-audit runs in its own virtual environment (VENV_DIR, default $TMPDIR/twitch-audit-venv,
created on first use), never in the project's .venv nor from its lock: it audits the exact
pins (--no-deps --disable-pip) against PyPI's vulnerability data, then OSV's if PyPI's
cannot be used. Only the standard library is needed here.

- Online: prints every finding (package, version, advisory id, aliases, fixed versions)
  and exits 1 if there is any, 0 if none.
- Offline (pip-audit cannot be installed, a service cannot be reached, or it answers for
  none of the packages, as a package mirror without PyPI's JSON API does): prints
  "offline: vulnerability services unreachable" with the reasons and exits 0. Nothing was
  checked then: docs/security.md lists the advisories known for the pinned versions.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import venv
from pathlib import Path
from typing import List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
PIP_AUDIT = "pip-audit==2.10.1"
SERVICES = ("pypi", "osv")
TIMEOUT_S = 15


def audit_venv(where: Path) -> Tuple[Optional[Path], str]:
    """The venv's pip-audit executable, or None and why it could not be installed."""
    exe = where / "bin" / "pip-audit"
    if exe.exists():
        return exe, ""
    venv.EnvBuilder(clear=True, with_pip=True).create(where)
    done = subprocess.run(
        [str(where / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", PIP_AUDIT],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0 or not exe.exists():
        return None, f"could not install {PIP_AUDIT} into {where}: {_last_line(done.stderr)}"
    return exe, ""


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else "no output"


def run_service(exe: Path, lock: Path, service: str) -> Tuple[Optional[dict], str]:
    """pip-audit's JSON report for one service, or None and why the service is unusable."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        try:
            done = subprocess.run(
                [
                    str(exe),
                    "-r",
                    str(lock),
                    "--no-deps",
                    "--disable-pip",
                    "--progress-spinner",
                    "off",
                    "--timeout",
                    str(TIMEOUT_S),
                    "-s",
                    service,
                    "-f",
                    "json",
                    "-o",
                    str(report),
                ],
                capture_output=True,
                text=True,
                timeout=30 * 60,
            )
        except subprocess.TimeoutExpired:
            return None, "pip-audit did not finish in 30 minutes"
        if not report.exists():
            return None, _last_line(done.stderr)
        data = json.loads(report.read_text() or "{}")
    deps = data.get("dependencies", [])
    if deps and all(d.get("skip_reason") for d in deps):
        return None, f"answered for none of the {len(deps)} packages (e.g. {deps[0]['skip_reason']})"
    return data, ""


def findings(data: dict) -> List[Tuple[str, str, dict]]:
    return [(d["name"], d.get("version", "?"), v) for d in data.get("dependencies", []) for v in d.get("vulns", [])]


def main() -> int:
    lock = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "requirements.lock"
    exe, why = audit_venv(Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.gettempdir()) / "twitch-audit-venv")
    reasons = [why] if exe is None else []
    for service in SERVICES if exe is not None else ():
        data, why = run_service(exe, lock, service)
        if data is None:
            reasons.append(f"{service}: {why}")
            continue
        found = findings(data)
        skipped = [d for d in data.get("dependencies", []) if d.get("skip_reason")]
        audited = len(data.get("dependencies", [])) - len(skipped)
        print(
            f"pip-audit ({service}): {audited} pinned packages audited, {len(skipped)} skipped, "
            f"{len(found)} known vulnerabilities."
        )
        for name, version, vuln in found:
            aliases = ", ".join(vuln.get("aliases") or []) or "-"
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version"
            print(f"  {name}=={version}  {vuln.get('id')}  (aliases: {aliases}; fixed in: {fixed})")
        for dep in skipped:
            print(f"  skipped {dep['name']}: {dep['skip_reason']}")
        if found:
            print(
                "See docs/security.md for which of these affect this deployment and which upgrades "
                "Rasa 3.6's pins block."
            )
        return 1 if found else 0
    print("offline: vulnerability services unreachable; nothing was audited.")
    for reason in reasons:
        print(f"  {reason}")
    print(
        "docs/security.md lists the advisories known for the pinned versions; run `make audit` "
        "again on a machine that reaches PyPI and OSV."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
