"""One process per trial (the local executor's default, like a SageMaker training job): the hyperparameters
arrive as `--name value` arguments (and in SM_HPS), and the metrics are printed for the tuning file's regexes:
`fold 0 cv-log-loss: 0.0712` after each fold (the running mean), then `train-seconds: 0.61`.

    tunekit tune examples/served-python/tuning-process.yaml
    python3 train_process.py --learning_rate 0.1 --max_leaf_nodes 31 --min_samples_leaf 20 \\
        --l2_regularization 1 --max_depth 6 --max_bins 255        # alone
"""

import argparse
import json
import os

import model

defaults = {"learning_rate": 0.1, "max_leaf_nodes": 31, "min_samples_leaf": 20, "l2_regularization": 1.0,
            "max_depth": 6, "max_bins": 255}
# SageMaker passes the hyperparameters twice: as arguments and in SM_HPS; arguments win.
defaults.update({k: v for k, v in json.loads(os.environ.get("SM_HPS", "{}")).items() if k in defaults})
parser = argparse.ArgumentParser()
for name, kind in model.PARAMETERS.items():
    parser.add_argument(f"--{name}", type=kind if kind is float else lambda text: int(float(text)),
                        default=defaults[name])
args, _unknown = parser.parse_known_args()  # a tuner may pass more than this script knows


def on_fold(fold, mean_loss):
    # Every digit (repr): the tuner's history then holds the same value a served worker would report.
    print(f"fold {fold} cv-log-loss: {mean_loss!r}", flush=True)
    return False  # the tuner stops this process itself when its median rule says so


loss, seconds = model.cross_validate(vars(args), on_fold)
print(f"train-seconds: {seconds:.4f}", flush=True)
