"""A SageMaker-style XGBoost training script for the diabetes dataset (Efron et al. 2004, via scikit-learn).

It runs unchanged in a SageMaker training container (script mode) and under tunekit's local executor:
hyperparameters arrive as `--name value` arguments, the data folder in SM_CHANNEL_TRAIN (default: ../data),
the model goes to SM_MODEL_DIR. XGBoost prints `[N]\ttrain-rmse:X\tvalidation-rmse:Y` after every boosting
round, which the tuning file's metric regexes read, exactly like SageMaker's built-in XGBoost metrics.

Needs numpy and xgboost (Debian/Ubuntu: apt-get install python3-xgboost).
Run it alone: python3 train.py --eta 0.1 --max_depth 3 --subsample 0.8 --booster gbtree --num_round 200
"""

import argparse
import os

import sys

try:
    import numpy as np
    import xgboost as xgb
except ImportError as error:
    sys.exit(
        f"train.py needs numpy and xgboost ({error}): install them, for example with "
        "`apt-get install python3-xgboost` or `pip install xgboost`, for the python3 that the tuning file runs"
    )


def parse_args():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser()
    parser.add_argument("--eta", type=float, default=0.1)
    parser.add_argument("--max_depth", type=int, default=3)
    parser.add_argument("--subsample", type=float, default=0.8)
    parser.add_argument("--min_child_weight", type=float, default=1.0)
    parser.add_argument("--lambda", dest="reg_lambda", type=float, default=1.0)
    parser.add_argument("--booster", choices=["gbtree", "gblinear", "dart"], default="gbtree")
    parser.add_argument("--num_round", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--train", default=os.environ.get("SM_CHANNEL_TRAIN", os.path.join(here, "..", "data")))
    parser.add_argument("--model_dir", default=os.environ.get("SM_MODEL_DIR"))
    # SageMaker may pass extra arguments: ignore what this script does not know.
    args, _unknown = parser.parse_known_args()
    return args


def main():
    args = parse_args()
    data = np.loadtxt(os.path.join(args.train, "diabetes.csv"), delimiter=",", skiprows=1)
    # The fixed split: one shuffle with a constant seed, 80% train, 20% validation, for every trial.
    order = np.random.default_rng(2004).permutation(len(data))
    cut = int(round(len(data) * 0.8))
    train, validation = data[order[:cut]], data[order[cut:]]
    dtrain = xgb.DMatrix(train[:, :-1], label=train[:, -1])
    dvalidation = xgb.DMatrix(validation[:, :-1], label=validation[:, -1])
    params = {
        "objective": "reg:squarederror",
        "eval_metric": "rmse",
        "eta": args.eta,
        "max_depth": args.max_depth,
        "subsample": args.subsample,
        "min_child_weight": args.min_child_weight,
        "lambda": args.reg_lambda,
        "booster": args.booster,
        "seed": args.seed,
        "nthread": 1,
    }
    booster = xgb.train(
        params,
        dtrain,
        num_boost_round=args.num_round,
        evals=[(dtrain, "train"), (dvalidation, "validation")],
        verbose_eval=True,
    )
    if args.model_dir:
        booster.save_model(os.path.join(args.model_dir, "xgboost-model.json"))


if __name__ == "__main__":
    main()
