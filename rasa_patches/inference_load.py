"""Start-up: the intent model (DIET) loaded for answering without a training step.

Rasa 3.6's `RasaModel.load` builds the network's weights by *training it on one example*
(`model.fit` on a batch of one) before it reads the trained weights over them. That traces and
runs a whole training step with its optimizer: about 3 s of every Rasa server start here
(5.75 -> 2.70 s to load the agent, `make bench-patches`), and of every in-process evaluation and
`rasa test`. A model loaded to answer messages only needs the weights prediction uses, and a
prediction builds exactly those. So when Rasa loads for inference (`finetune_mode` false, with a
prediction example, which is how the server loads DIET), this:

1. compiles the model with the same optimizer settings (as the original, so the object graph
   matches the checkpoint's);
2. runs one prediction eagerly, which creates the prediction layers' weights without tracing;
3. reads the trained weights (TensorFlow's object-based checkpoint: matched by name, the
   optimizer's slots and the training-only weights are not needed for answering);
4. forgets what step 2 computed from the untrained weights (the label embeddings cached by
   `prepare_for_predict` and the traced prediction) and predicts once more, as the original's
   last step does, so the prediction function is traced with the trained weights; it is traced
   as Rasa's `_rasa_predict` traces it but without AutoGraph: DIET's prediction step has no
   Python control flow on tensor values, so AutoGraph's rewrite of its source changes nothing
   but costs about 4 s of CPU at every load (17.2 -> 12.9 s to load the agent, 2026-12-08; the
   same intents and confidences on 600 tuning texts). Should a configuration's prediction step
   need AutoGraph (tracing fails without it), it is traced with it, as Rasa does.

Loading to fine-tune (`rasa train --finetune`) and any call without a prediction example go to
Rasa's original. tests/unit/test_rasa_patches.py trains a small DIET and checks that the model
loaded both ways gives identical intent rankings and confidences.
"""

from __future__ import annotations

from typing import Any, Optional, Text

import tensorflow as tf
from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel
from rasa.utils.train_utils import create_data_generators

_original_load = vars(RasaModel)["load"]


def _load(
    cls: Any,
    model_file_name: Text,
    model_data_example: RasaModelData,
    predict_data_example: Optional[RasaModelData] = None,
    finetune_mode: bool = False,
    *args: Any,
    **kwargs: Any,
) -> RasaModel:
    if finetune_mode or not predict_data_example:
        return _original_load.__func__(
            cls, model_file_name, model_data_example, predict_data_example, finetune_mode, *args, **kwargs
        )
    model = cls(*args, **kwargs)
    config = kwargs.get("config", {})
    model.compile(
        optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)), run_eagerly=config.get(RUN_EAGERLY)
    )
    traced = model._run_eagerly
    model._run_eagerly = True  # build the prediction weights without tracing a graph for them
    try:
        model.run_inference(predict_data_example)
    finally:
        model._run_eagerly = traced
    model.load_weights(model_file_name).expect_partial()  # the optimizer's slots are not needed
    model.prepared_for_prediction = False  # label embeddings were computed from untrained weights
    model._tf_predict_step = _traced_without_autograph(model, predict_data_example)
    try:
        model.run_inference(predict_data_example)  # as the original's last step: trace once, trained
    except (TypeError, tf.errors.OperatorNotAllowedInGraphError):  # needs AutoGraph after all
        model.prepared_for_prediction = False
        model._tf_predict_step = None  # Rasa's own tracing, with AutoGraph
        model.run_inference(predict_data_example)
    return model


def _traced_without_autograph(model: RasaModel, example: RasaModelData) -> Any:
    """The prediction function `RasaModel._rasa_predict` builds on its first call, less AutoGraph."""
    batches, _ = create_data_generators(model_data=example, batch_sizes=1, epochs=1, shuffle=False)
    batch_in = next(iter(batches))[0]
    return tf.function(model.predict_step, input_signature=model._dynamic_signature(batch_in), autograph=False)


from rasa_patches import Patch  # noqa: E402

PATCH = Patch(
    name="inference_load",
    owner=RasaModel,
    attribute="load",
    replacement=classmethod(_load),
    replaces="rasa.utils.tensorflow.models.RasaModel.load (when not fine-tuning)",
    why="builds the intent model's weights by running a training step on one example before "
    "reading the trained weights over them",
    gain="about 3 s of every Rasa server start and in-process model load (make bench-patches: "
    "5.75 -> 2.70 s to load the agent, 2026-12-03), and about 4 s of CPU more by tracing the "
    "prediction without AutoGraph (17.2 -> 12.9 s of CPU to load the agent, 2026-12-08)",
)
