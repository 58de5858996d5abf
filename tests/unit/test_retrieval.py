"""The learned entry retriever (twitchcare/retrieval.py), trained as the model trains it
(addons/entry_retriever.py): the entries' titles and sample questions, the question files
config.yml names and the NLU out-of-scope examples."""

import pytest
import yaml

from twitchcare import fit_cache, retrieval
from twitchcare.settings import PROJECT_ROOT as ROOT


# The first blind corpus config.yml lists (about a fifth of the questions): enough for what
# these tests check, and the full retriever trains in `make train` alongside them.
TRAINED_ON = 1


def trained_on():
    """The question files and out-of-scope examples these tests train on."""
    config = yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]
    files = next(c for c in config if c["name"].endswith("EntryRetrieverComponent"))["question_files"][:TRAINED_ON]
    nlu = yaml.safe_load((ROOT / "data" / "nlu" / "chitchat.yml").read_text())["nlu"]
    out_of_scope = [
        line.strip()[2:]
        for item in nlu
        if item.get("intent") == "out_of_scope"
        for line in item["examples"].splitlines()
        if line.strip().startswith("- ")
    ]
    return [ROOT / f for f in files], out_of_scope


@pytest.fixture(scope="module")
def fit_store(tmp_path_factory):
    return tmp_path_factory.mktemp("fit-store")


@pytest.fixture(scope="module")
def retriever(fit_store):
    """Fitted as `make train` fits it: through the fit store (addons/entry_retriever.fitted)."""
    from addons import entry_retriever

    paths, out_of_scope = trained_on()
    return entry_retriever.fitted(paths, out_of_scope, store=fit_store)


@pytest.mark.parametrize(
    "text,entry",
    [
        # misspellings share most character n-grams with the right words
        ("what are fasiculations exactly", "type_fasciculation"),
        ("which foods have potasium in them", "nutrient_potassium"),
        ("can magneseum tablets stop the twitching", "nutrient_magnesium"),
        # other health topics and non-health requests are out of scope
        ("book me a table for four tonight", retrieval.OUT_OF_SCOPE),
        ("what's the best cream for a wasp sting", retrieval.OUT_OF_SCOPE),
    ],
)
def test_questions_find_their_entry_despite_spelling(retriever, text, entry):
    verdict = retriever.predict(text)
    assert verdict.entry == entry, verdict
    assert verdict.ranking[0] == (verdict.entry, verdict.probability) and len(verdict.ranking) == 3


def test_the_bars_are_probabilities():
    assert 0 <= retrieval.ENTRY_BAR < retrieval.SCOPE_BAR <= 1


@pytest.mark.parametrize("text", ["which foods have potasium in them", "book me a table", "", "🙂 ??", "a " * 300])
def test_the_fast_probabilities_equal_sklearns(retriever, text):
    import numpy as np

    assert np.allclose(retriever.probabilities(text), retriever.model.predict_proba([text])[0], atol=1e-9)


# -- what a question asks about its entry (the aspect model) ------------------------------------


@pytest.mark.parametrize(
    "text,aspect",
    [
        ("which foods are high in magnesium", "foods"),
        ("how do doctors test for low potassium", "test"),
        ("what is benign fasciculation syndrome", "definition"),
    ],
)
def test_the_aspect_model_reads_what_is_asked(retriever, text, aspect):
    verdict = retriever.predict(text)
    assert verdict.aspect == aspect and 0 < verdict.aspect_probability <= 1, verdict
    assert (
        verdict.aspect_ranking[0] == (verdict.aspect, verdict.aspect_probability) and len(verdict.aspect_ranking) == 3
    )


def test_aspect_examples_come_only_from_labelled_questions(tmp_path):
    path = tmp_path / "q.yml"
    path.write_text(yaml.safe_dump({"questions_by_entry": {"a": [{"text": "x", "aspect": "foods"}, {"text": "y"}]}}))
    assert retrieval.aspect_examples([path]) == [("x", "foods")]
    one_label = retrieval.train([("eyelid twitch", "a"), ("eyelid cramp", "b")], [("x", "foods")])
    assert one_label.aspect_model is None  # one label: nothing to learn


def test_fitting_side_by_side_gives_what_fitting_alone_gives():
    import numpy as np

    examples = [("eyelid twitch", "a"), ("eye flicker", "a"), ("calf cramp", "b"), ("leg cramps", "b")] * 3
    aspects = [("what is it", "definition"), ("why", "cause"), ("what helps", "treatment")] * 3
    alone, together = retrieval.train(examples, aspects, jobs=1), retrieval.train(examples, aspects, jobs=2)
    for a, b in (
        (alone.model.named_steps["classifier"], together.model.named_steps["classifier"]),
        (alone.aspect_model, together.aspect_model),
    ):
        assert np.array_equal(a.coef_, b.coef_) and np.array_equal(a.intercept_, b.intercept_)


def test_the_aspect_probabilities_equal_sklearns(retriever):
    import numpy as np

    text = "what foods should I eat for potassium"
    row = retriever.features(text)
    expected = retriever.aspect_model.predict_proba(row)[0]
    verdict = retriever.predict(text)
    assert verdict.aspect == retriever.aspects[int(np.argmax(expected))]
    assert abs(verdict.aspect_probability - float(expected.max())) < 1e-4


def test_the_component_reads_its_fit_back_from_the_fit_store(fit_store, retriever):
    """What `make train` does: the prefit process and the component call the same function, and
    the second call reads the first one's fit back (no second fit) and predicts exactly as it does."""
    from addons import entry_retriever

    stored = list(fit_store.glob(f"{entry_retriever.FIT_NAME}-*{fit_cache.SUFFIX}"))
    assert len(stored) == 1
    paths, out_of_scope = trained_on()
    read_back = entry_retriever.fitted(paths, out_of_scope, store=fit_store)
    assert read_back is not retriever and list(fit_store.glob(f"*{fit_cache.SUFFIX}")) == stored
    for text in ("what are fasiculations exactly", "which foods have potasium in them", "book a table for two"):
        assert read_back.predict(text) == retriever.predict(text)
