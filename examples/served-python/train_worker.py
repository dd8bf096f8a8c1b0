"""A reusable worker process for `executor.local.reuse: true` (tuning-reuse.yaml): `tunekit tune` starts it once
per parallel slot with TUNEKIT_URL, TUNEKIT_TOKEN and TUNEKIT_WORKER in its environment, and it trains trial
after trial without starting Python and importing scikit-learn again for each.

    tunekit tune examples/served-python/tuning-reuse.yaml

It also works against `tunekit serve tuning.yaml` with those variables set by hand.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "clients", "python"))

import model  # noqa: E402 (sets OMP_NUM_THREADS before scikit-learn loads)
import tunekit  # noqa: E402

study = tunekit.connect()  # worker mode: the URL, token and worker name come from the environment
for trial in study:
    with trial:  # an exception in the block tells the trial Failed with its description
        loss, seconds = model.cross_validate(trial.params, lambda fold, mean_loss: trial.report(fold, mean_loss))
        if trial.should_stop:
            trial.stop()  # the median rule stopped it after a fold
        else:
            trial.complete(loss, metrics={"train:seconds": seconds})
