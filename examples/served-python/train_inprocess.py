"""Tunes the model from this Python process, Optuna style: `tunekit serve tuning.yaml` runs the tuner, this script
asks it for trials and trains them (`study.optimize`). Start several to train in parallel (the tuning file's
`limits.maxParallel` caps how many trials are out at once).

    tunekit serve examples/served-python/tuning.yaml        # prints the URL and the token
    TUNEKIT_URL=http://127.0.0.1:8470 TUNEKIT_TOKEN=... python3 examples/served-python/train_inprocess.py

Arguments (all optional): [URL [TOKEN]] [--trials N] (at most N trials for this process). A TOKEN of your own
that begins with '-' goes after `--` (`train_inprocess.py --trials 5 -- URL TOKEN`), or in TUNEKIT_TOKEN.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "clients", "python"))

import model  # noqa: E402 (sets OMP_NUM_THREADS before scikit-learn loads)
import tunekit  # noqa: E402


def objective(trial):
    """One trial: 3-fold cross-validation, reporting the running mean after each fold (the median rule may stop it)."""

    def on_fold(fold, mean_loss):
        trial.report(fold, mean_loss)
        return trial.should_stop

    loss, seconds = model.cross_validate(trial.params, on_fold)
    trial.raise_if_stop()  # told Stopped: the server's median rule ended it early
    trial.complete(loss, metrics={"train:seconds": seconds})
    return None  # told above, with the training time as a second metric (or just `return loss`)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", nargs="?", default=None, help="the server's URL (default: TUNEKIT_URL)")
    parser.add_argument("token", nargs="?", default=None, help="its token (default: TUNEKIT_TOKEN)")
    parser.add_argument("--trials", type=int, default=None, help="at most this many trials for this process")
    args = parser.parse_args()
    study = tunekit.connect(args.url, args.token)
    study.optimize(objective, n_trials=args.trials)
    best = study.best
    if best is not None:
        print(f"best so far: trial {best.trial_id}, {model.METRIC} {best.objective:.4f}, {best.params}")


if __name__ == "__main__":
    main()
