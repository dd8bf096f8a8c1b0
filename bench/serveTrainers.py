"""The Python side of bench/serve.ts: 30 trials of examples/served-python's model, one at a time, driven by the
tunekit client (against a running `tunekit serve`) or by Optuna in-process. Prints one JSON line.

    python3 bench/serveTrainers.py tunekit            # TUNEKIT_URL / TUNEKIT_TOKEN in the environment
    python3 bench/serveTrainers.py optuna --sampler random|tpe|gp [--trials 30] [--seed 16]

Both objectives do the same work: 3-fold cross-validation, the running mean reported after each fold (tunekit:
`trial.report`, to a server whose early stopping is off; Optuna: `trial.report` with the NopPruner), the mean
returned. `seconds` runs from connecting (creating the study) to `optimize` returning: imports are not in it.
"""

import argparse
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "examples", "served-python"))
sys.path.insert(0, os.path.join(HERE, "..", "clients", "python"))

import model  # noqa: E402 (sets OMP_NUM_THREADS=1 before scikit-learn loads)

train_seconds = []


def run_tunekit(args):
    import tunekit

    def objective(trial):
        loss, seconds = model.cross_validate(trial.params, lambda fold, mean: trial.report(fold, mean))
        train_seconds.append(seconds)
        return loss

    start = time.perf_counter()
    study = tunekit.connect()
    study.optimize(objective)
    return {"seconds": time.perf_counter() - start, "best": study.best.objective if study.best else None}


def run_optuna(args):
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    samplers = {
        "random": lambda: optuna.samplers.RandomSampler(seed=args.seed),
        "tpe": lambda: optuna.samplers.TPESampler(seed=args.seed),
        "gp": lambda: optuna.samplers.GPSampler(seed=args.seed),
    }
    if args.sampler == "gp" and not hasattr(optuna.samplers, "GPSampler"):
        return {"unavailable": f"optuna {optuna.__version__} has no GPSampler (added in Optuna 3.6)"}

    def objective(trial):
        params = {
            "learning_rate": trial.suggest_float("learning_rate", 0.01, 0.5, log=True),
            "max_leaf_nodes": trial.suggest_int("max_leaf_nodes", 4, 64, log=True),
            "min_samples_leaf": trial.suggest_int("min_samples_leaf", 2, 60),
            "l2_regularization": trial.suggest_float("l2_regularization", 0.0001, 10, log=True),
            "max_depth": trial.suggest_int("max_depth", 2, 10),
            "max_bins": trial.suggest_int("max_bins", 16, 255),
        }
        loss, seconds = model.cross_validate(params, lambda fold, mean: trial.report(mean, fold))
        train_seconds.append(seconds)
        return loss

    start = time.perf_counter()
    study = optuna.create_study(direction="minimize", sampler=samplers[args.sampler](), pruner=optuna.pruners.NopPruner())
    study.optimize(objective, n_trials=args.trials)
    return {"seconds": time.perf_counter() - start, "best": study.best_value, "optuna": optuna.__version__}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("driver", choices=["tunekit", "optuna"])
    parser.add_argument("--sampler", choices=["random", "tpe", "gp"], default="random")
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    result = run_tunekit(args) if args.driver == "tunekit" else run_optuna(args)
    if train_seconds:
        result.update(
            trials=len(train_seconds),
            trainSecondsMedian=statistics.median(train_seconds),
            trainSecondsTotal=sum(train_seconds),
            trainSeconds=train_seconds,
        )
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
