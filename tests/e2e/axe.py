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
        subprocess.run(
            [
                npm,
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(PREFIX),
                f"axe-core@{AXE_VERSION}",
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return SCRIPT


ALL_IMPACTS = ("minor", "moderate", "serious", "critical")
# axe-core's default rules plus the experimental ones it leaves off (such as
# label-content-name-mismatch: a button's accessible name must contain its visible text), as an
# accessibility auditor runs it; with "aaa", also the WCAG AAA rules (enhanced contrast 7:1).
RUN = """([ctx, aaa]) => axe.run(ctx, {resultTypes: ['violations'],
    rules: Object.fromEntries(axe.getRules().filter(r => r.tags.includes('experimental')
        || (aaa && r.tags.some(t => /aaa$/.test(t)))).map(r => [r.ruleId, {enabled: true}]))})"""


def violations(
    page, context: str, impacts=("serious", "critical"), experimental: bool = False, aaa: bool = False
) -> list:
    """axe-core's violations of the given impacts inside `context` (a CSS selector); with
    `experimental`, the rules axe-core leaves off by default run too (with `aaa`, the AAA ones)."""
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(axe_script()))
    if experimental or aaa:
        result = page.evaluate(RUN, [context, aaa])
    else:
        result = page.evaluate("ctx => axe.run(ctx, {resultTypes: ['violations']})", context)
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]])
        for v in result["violations"]
        if v["impact"] in impacts
    ]
