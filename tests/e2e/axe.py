"""axe-core from the npm registry, injected into a Playwright page to check accessibility.

The package is installed once into var/npm with the machine's npm (exact version pinned here)
and read from there; nothing is downloaded by the browser."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.e2e.conftest import ROOT

AXE_VERSION = "4.10.3"
PREFIX = ROOT / "var" / "npm"
SCRIPT = PREFIX / "node_modules" / "axe-core" / "axe.min.js"


def axe_script() -> Path:
    """The pinned axe-core build, installed with npm if missing."""
    installed = PREFIX / "node_modules" / "axe-core" / "package.json"
    if not (installed.exists() and f'"version": "{AXE_VERSION}"' in installed.read_text()):
        npm = shutil.which("npm")
        if not npm:
            raise RuntimeError("npm is needed for the accessibility check (Debian package 'npm')")
        PREFIX.mkdir(parents=True, exist_ok=True)
        subprocess.run([npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(PREFIX),
                        f"axe-core@{AXE_VERSION}"], check=True, capture_output=True, timeout=300)
    return SCRIPT


def violations(page, context: str, impacts=("serious", "critical")) -> list:
    """axe-core's violations of the given impacts inside `context` (a CSS selector)."""
    page.add_script_tag(path=str(axe_script()))
    result = page.evaluate("ctx => axe.run(ctx, {resultTypes: ['violations']})", context)
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]])
            for v in result["violations"] if v["impact"] in impacts]
