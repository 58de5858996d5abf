"""The README stays true to the tree: its file map and its settings table are checked here."""

from __future__ import annotations

import re
import subprocess
from typing import Dict, List, Set

import pytest

from twitchcare import clinic
from twitchcare.settings import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
# Packages whose row in the file map names every module (and only modules that exist).
PACKAGES = ("twitchcare", "launcher", "rasa_patches", "addons", "channels", "scripts")
PRODUCT_CODE = ("actions", "addons", "channels", "launcher", "rasa_patches", "twitchcare", "scripts")


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def table_rows(text: str) -> List[List[str]]:
    return [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in text.splitlines()
        if line.startswith("| ") and not line.startswith("|---")
    ][1:]


def file_map() -> Dict[str, str]:
    """Each path of the README's file map -> its description."""
    rows = {}
    for first, *rest in table_rows(section("File map")):
        for path in re.findall(r"`([^`]+)`", first):
            rows[path] = " ".join(rest)
    return rows


def tracked_files() -> List[str]:
    out = subprocess.run(["git", "ls-files"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if (PROJECT_ROOT / line).exists()]


def test_every_top_level_entry_is_in_the_file_map():
    listed = file_map()
    top = {f.split("/")[0] + ("/" if "/" in f else "") for f in tracked_files()} - {".gitignore"}
    missing = {t for t in top if not any(p == t or p.startswith(t) for p in listed)}
    assert not missing, f"add these to the README's file map: {sorted(missing)}"


def test_every_path_in_the_file_map_exists():
    assert [p for p in file_map() if not (PROJECT_ROOT / p.rstrip("/")).exists()] == []


@pytest.mark.parametrize("package", PACKAGES)
def test_each_package_row_names_exactly_its_modules(package):
    row = file_map()[f"{package}/"]
    named = set(re.findall(r"`([A-Za-z_][\w.]*)`", row))
    modules: Set[str] = set()
    for path in (PROJECT_ROOT / package).iterdir():
        if path.suffix in (".py", ".sh") and path.stem != "__init__":
            modules.add(path.name if package == "scripts" else path.stem)
    assert modules - named == set(), f"README file map, {package}/: not described: {sorted(modules - named)}"
    files = {m for m in named if m.endswith((".py", ".sh")) or package != "scripts"}
    lowercase_names = {n for n in files if n.islower() or n.endswith((".py", ".sh"))}
    assert lowercase_names - modules == set(), f"{package}/: named but missing: {sorted(lowercase_names - modules)}"


# -- settings ------------------------------------------------------------------------------------


def variables_read() -> Set[str]:
    source = (PROJECT_ROOT / "twitchcare" / "settings.py").read_text()
    names = set(re.findall(r'env\.get\("([A-Z][A-Z0-9_]+)"', source))
    names |= set(re.findall(r'_(?:float|int|list)\(env, "([A-Z][A-Z0-9_]+)"', source))
    clinic_source = (PROJECT_ROOT / "twitchcare" / "clinic.py").read_text()
    names |= set(clinic.ENV_OVERRIDES.values()) | set(re.findall(r'env\.get\("([A-Z][A-Z0-9_]+)"', clinic_source))
    return names


def variables_documented() -> Set[str]:
    names: Set[str] = set()
    for row in table_rows(section("Configuration")):
        names |= set(re.findall(r"`([A-Z][A-Z0-9_]+)`", row[0]))
    return names


# Read by the shell before any Python runs (scripts/find_python.sh picks the interpreter).
READ_BY_THE_MAKEFILE = {"PYTHON"}


def test_the_settings_table_lists_every_variable_read_and_nothing_else():
    read, documented = variables_read(), variables_documented()
    assert read - documented == set(), f"add to the README's Configuration table: {sorted(read - documented)}"
    assert documented - read - READ_BY_THE_MAKEFILE == set(), f"documented but never read: {sorted(documented - read)}"


def test_environment_variables_are_read_in_settings_only():
    reading = re.compile(r"os\.environ\.get\(|os\.environ\[|os\.getenv\(|environ\.get\(")
    offenders = []
    for package in PRODUCT_CODE:
        for path in (PROJECT_ROOT / package).rglob("*.py"):
            if path.name == "settings.py" and package == "twitchcare":
                continue
            offenders += [
                f"{path.relative_to(PROJECT_ROOT)}:{i}"
                for i, line in enumerate(path.read_text().splitlines(), 1)
                if reading.search(line)
            ]
    assert offenders == []


def test_no_import_path_edits():
    needle = "sys." + "path"  # spelled apart so that `grep -rn` for it finds nothing, this file included
    offenders = [
        str(p.relative_to(PROJECT_ROOT))
        for p in PROJECT_ROOT.rglob("*.py")
        if not {".venv", "var", "results"} & set(p.parts) and needle in p.read_text(errors="ignore")
    ]
    assert offenders == []


def test_contributing_explains_the_flow_of_one_message():
    text = (PROJECT_ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for step in ("channel", "NLU", "polic", "action", "reply"):
        assert step.lower() in text.lower()
    for path in re.findall(r"`([\w./-]+/[\w./-]*)`", text):
        assert (PROJECT_ROOT / path.rstrip("/")).exists(), f"CONTRIBUTING.md names a missing path: {path}"
