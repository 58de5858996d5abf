"""The knowledge base is complete, cited, consistent and in the project's own words."""

import re
import subprocess
import sys

import pytest

from twitchcare import knowledge, nlp, render
from twitchcare.settings import PROJECT_ROOT as ROOT

SEED_OVERLAP = ROOT.parent / "shared" / "tools" / "seed_overlap.py"

KB = knowledge.default_kb()
VOCAB = nlp.load_vocabulary()

# What the articles cover and the issue requires: (entry id, words its text must mention).
REQUIRED_COVERAGE = [
    ("what_is_twitching", ["by itself"]),
    ("type_fasciculation", ["fasciculation"]),
    ("type_myoclonus", ["myoclonus"]),
    ("type_tremor", ["tremor"]),
    ("type_focal_vs_generalized", ["focal", "generali"]),
    ("type_myokymia", ["myokymia"]),
    ("loc_eyelid", ["eyelid"]),
    ("loc_face", ["face"]),
    ("loc_lip", ["lip"]),
    ("loc_tongue", ["tongue"]),
    ("loc_arm", ["arm"]),
    ("loc_hand", ["hand"]),
    ("loc_fingers", ["thumb"]),
    ("loc_leg", ["leg"]),
    ("loc_calf", ["calf"]),
    ("loc_thigh", ["thigh"]),
    ("loc_foot", ["foot"]),
    ("loc_back", ["back"]),
    ("loc_stomach", ["stomach"]),
    ("loc_whole_body", ["body"]),
    ("cause_spontaneous", ["nerve"]),
    ("cause_exercise", ["lactic acid", "sweat"]),
    ("cause_fatigue", ["tired"]),
    ("cause_sleep", ["sleep"]),
    ("cause_stress_anxiety", ["stress", "anxi"]),
    ("cause_caffeine", ["caffeine"]),
    ("cause_nicotine", ["nicotine"]),
    ("cause_alcohol", ["alcohol"]),
    ("cause_dehydration", ["dehydrat"]),
    ("cause_eye_irritation", ["eye"]),
    ("nutrient_magnesium", ["magnesium"]),
    ("nutrient_calcium", ["calcium", "hypocalc"]),
    ("nutrient_vitamin_d", ["vitamin d"]),
    ("nutrient_potassium", ["potassium"]),
    ("nutrient_b_vitamins", ["b"]),
    ("med_corticosteroids", ["corticosteroid"]),
    ("med_stimulants", ["amphetamine"]),
    ("med_psychiatric", ["mental health"]),
    ("med_asthma", ["asthma"]),
    ("med_parkinsons", ["parkinson"]),
    ("med_estrogen", ["estrogen"]),
    ("cond_als", ["als"]),
    ("cond_ms", ["multiple sclerosis"]),
    ("cond_myasthenia_gravis", ["myasthenia gravis"]),
    ("cond_isaacs", ["isaacs"]),
    ("cond_lupus_myositis", ["lupus", "myositis"]),
    ("cond_radiculopathy", ["radiculopathy"]),
    ("cond_muscular_dystrophy", ["muscular dystroph"]),
    ("cond_sma", ["spinal muscular atrophy"]),
    ("cond_thyroid", ["thyroid"]),
    ("cond_kidney_electrolytes", ["kidney", "electrolyte"]),
    ("cond_hemiplegic_migraine", ["migraine"]),
    ("cond_parkinsons", ["parkinson"]),
    ("cond_huntingtons", ["huntington"]),
    ("when_to_see_doctor", ["weakness"]),
    ("doctor_questions", ["ask"]),
    ("test_emg", ["emg"]),
    ("test_nerve_conduction", ["nerve conduction"]),
    ("test_blood", ["blood count", "electrolyte", "thyroid", "antibod", "creatine kinase"]),
    ("test_mri", ["mri"]),
    ("test_ct", ["ct"]),
    ("treat_underlying_cause", ["cause"]),
    ("treat_muscle_relaxants", ["relax"]),
    ("treat_anticonvulsants", ["gabapentin"]),
    ("treat_anti_anxiety", ["anxi"]),
    ("treat_corticosteroids", ["corticosteroid"]),
    ("treat_botox", ["botulinum"]),
    ("treat_physical_therapy", ["therap"]),
    ("treat_electrolyte_replacement", ["electrolyte"]),
    ("home_remedies", ["home"]),
    ("prevent_diet", ["diet"]),
    ("prevent_sleep", ["6", "8"]),
    ("prevent_stress", ["stress"]),
    ("prevent_regular_exercise", ["exercise"]),
    ("prevent_caffeine_smoking", ["caffeine", "smok"]),
    ("prevent_review_medicines", ["medic"]),
    ("exercise_stretching", ["stretch"]),
    ("exercise_yoga_pilates", ["yoga", "pilates"]),
    ("exercise_strength", ["strength"]),
    ("exercise_aerobic", ["aerobic"]),
    ("children_twitching", ["child"]),
    ("sleep_twitches", ["sleep"]),
    ("twitch_vs_cramp_spasm_tremor", ["cramp", "spasm", "tremor"]),
]


def entry_text(entry):
    return " ".join([entry.title, entry.answer, entry.detail, *(f.text for f in entry.facts)]).lower()


@pytest.mark.parametrize("entry_id,words", REQUIRED_COVERAGE, ids=[r[0] for r in REQUIRED_COVERAGE])
def test_required_topic_is_covered(entry_id, words):
    entry = KB.get(entry_id)
    assert entry is not None, f"missing entry {entry_id}"
    text = entry_text(entry)
    for word in words:
        assert word in text, f"{entry_id} does not mention {word!r}"


@pytest.mark.parametrize("entry", list(KB.entries.values()), ids=list(KB.entries))
def test_entry_is_well_formed_and_cited(entry):
    assert re.fullmatch(r"[a-z0-9_]+", entry.id)
    assert entry.sources, "every entry cites at least one article"
    assert all(s in KB.sources for s in entry.sources)
    assert entry.kinds
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", entry.answer) if s]
    assert 2 <= len(sentences) <= 4, f"short answer has {len(sentences)} sentences"
    assert all(r in KB.entries and r != entry.id for r in entry.related)
    for entity, values in entry.keys.items():
        for value in values:
            assert value in VOCAB.get(entity, {}), f"{entity}:{value} is not in vocabulary.yml"


def test_no_entry_gives_a_dose():
    dose = re.compile(r"\b\d+(\.\d+)?\s?(mg|mcg|µg|iu|milligrams?|micrograms?)\b", re.I)
    offenders = [e.id for e in KB.entries.values() if dose.search(entry_text(e))]
    assert offenders == []


def test_every_source_is_cited_somewhere():
    cited = {s for e in KB.entries.values() for s in e.sources}
    assert cited == set(KB.sources)


def test_every_entry_has_facts_of_the_aspects_it_covers():
    missing = [e.id for e in KB.entries.values() if not e.facts]
    assert missing == [], f"entries without aspect-tagged facts: {missing}"
    assert {f.aspect for e in KB.entries.values() for f in e.facts} <= set(knowledge.ASPECTS)


@pytest.mark.parametrize(
    "fact,problem",
    [
        (knowledge.Fact("gossip", "Twitching is common.", ("apollo",)), "aspect"),
        (knowledge.Fact("definition", "Twitching is common.", ("no_such_source",)), "cite"),
        (knowledge.Fact("definition", "Twitching is common.", ()), "cite"),
    ],
)
def test_a_fact_with_an_unknown_aspect_or_foreign_source_is_rejected(fact, problem):
    entry = KB.entries["what_is_twitching"]
    broken = knowledge.Entry(**{**entry.__dict__, "related": (), "facts": (fact,)})
    with pytest.raises(knowledge.KnowledgeError, match=problem):
        knowledge.KnowledgeBase([broken], list(KB.sources.values()))


def test_the_answer_leads_with_the_facts_of_the_asked_aspect():
    entry = next(e for e in KB.entries.values() if e.facts_for("foods"))
    plain = render.answer_text(KB, entry)
    led = render.answer_text(KB, entry, aspects=["foods"])
    first = led.split("\n\n")[1]
    assert first.startswith(entry.facts_for("foods")[0].text)
    assert all(f.text in led for f in entry.facts_for("foods"))
    assert plain.split("\n\n")[1] == entry.answer and led.endswith(plain.split("\n\n")[-1])  # sources last
    # an aspect the entry has no facts for, or a request for more, keeps the usual answer
    assert render.answer_text(KB, entry, aspects=["comparison"]) == plain
    assert render.answer_text(KB, entry, more=True, aspects=["foods"]) == render.answer_text(KB, entry, more=True)


def test_questions_about_warning_signs_keep_the_short_answer_and_its_safety_advice():
    entry = KB.entries["when_to_see_doctor"]
    assert entry.facts_for("see_doctor")
    assert entry.answer in render.answer_text(KB, entry, aspects=["see_doctor"])


def test_dangling_related_id_is_rejected():
    entry = next(iter(KB.entries.values()))
    broken = knowledge.Entry(**{**entry.__dict__, "related": ("no_such_entry",)})
    with pytest.raises(knowledge.KnowledgeError):
        knowledge.KnowledgeBase([broken], list(KB.sources.values()))


@pytest.mark.skipif(not SEED_OVERLAP.exists(), reason="../shared/tools/seed_overlap.py not beside the repo")
def test_no_sentence_is_copied_from_the_articles():
    done = subprocess.run([sys.executable, str(SEED_OVERLAP), str(ROOT)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
