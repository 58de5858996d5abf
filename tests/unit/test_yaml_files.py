"""The fast YAML reader gives exactly what PyYAML's pure-Python safe loader gives."""

import pytest
import yaml

from twitchcare import yaml_files
from twitchcare.settings import PROJECT_ROOT as ROOT

TRICKY = """
# the kinds of value the corpora hold
answers:
- text: 'no'
  value: no
  days: 0.5
  count: 14
  both: yes
  when: 2026-12-03
  none: ~
  quote: "it's \\"bad\\" \\u00e9"
  folded: >-
    one line
    and another
  kept: |
    first
    second
  empty: []
  unicode: niño, बच्चा, 😂
"""


def test_libyaml_is_used_when_pyyaml_has_it():
    if not yaml.__with_libyaml__:
        pytest.skip("this PyYAML has no libyaml: the pure-Python loader is used")
    assert yaml_files.SafeLoader is yaml.CSafeLoader


def test_tricky_values_read_as_the_python_loader_reads_them():
    assert yaml_files.load(TRICKY) == yaml.safe_load(TRICKY)


@pytest.mark.parametrize(
    "name",
    [
        "tests/data/vignettes.yml",
        "tests/data/intake_answers_blind20_tuning.yml",
        "tests/data/questions_blind22_tuning.yml",
        "knowledge/vocabulary.yml",
        "knowledge/entries/basics.yml",
    ],
)
def test_project_files_read_as_the_python_loader_reads_them(name):
    text = (ROOT / name).read_text(encoding="utf-8")
    assert yaml_files.read(ROOT / name) == yaml.safe_load(text)


def test_unsafe_tags_are_refused():
    with pytest.raises(yaml.YAMLError):
        yaml_files.load("!!python/object/apply:os.system ['true']")
