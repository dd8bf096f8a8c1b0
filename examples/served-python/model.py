"""The model every script of this example tunes: scikit-learn's HistGradientBoostingClassifier on the breast cancer
data that scikit-learn ships (569 tumours, 30 features, malignant or benign; no download), scored by 3-fold
cross-validated log-loss (lower is better).

The folds are fixed (stratified, shuffled once with seed 2004) so trials compare. 200 boosting iterations, no
early stopping inside scikit-learn, one thread: `OMP_NUM_THREADS=1` is set before scikit-learn is imported (its
histogram code is OpenMP), so trial times are stable and several workers can share a machine.

Needs numpy and scikit-learn (Debian/Ubuntu: apt-get install python3-sklearn; or pip install scikit-learn).
"""

import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

try:
    import numpy as np
    from sklearn.datasets import load_breast_cancer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.metrics import log_loss
    from sklearn.model_selection import StratifiedKFold
except ImportError as error:
    sys.exit(
        f"this example needs numpy and scikit-learn ({error}): install them, for example with "
        "`apt-get install python3-sklearn` or `pip install scikit-learn`, for the python3 that runs it"
    )

#: The objective metric's name, as the tuning files define it.
METRIC = "cv:log_loss"

#: The tuned hyperparameters and their types (the tuning files' `parameters`).
PARAMETERS = {
    "learning_rate": float,
    "max_leaf_nodes": int,
    "min_samples_leaf": int,
    "l2_regularization": float,
    "max_depth": int,
    "max_bins": int,
}

FOLDS = 3
MAX_ITER = 200

_X, _y = load_breast_cancer(return_X_y=True)
_SPLITS = list(StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=2004).split(_X, _y))


def hyperparameters(values):
    """The model's keyword arguments from a trial's hyperparameters (numbers or strings, as a tuner passes them)."""
    return {name: kind(float(values[name])) if kind is int else kind(values[name]) for name, kind in PARAMETERS.items()}


def cross_validate(values, on_fold=None):
    """Trains one model per fold and returns the mean validation log-loss.

    Args:
        values: The hyperparameters by name (see PARAMETERS).
        on_fold: Called after each fold with (fold index, mean log-loss so far); when it returns True the
            cross-validation ends there (early stopping) and the mean so far is returned.

    Returns:
        (mean log-loss, training seconds).
    """
    kwargs = hyperparameters(values)
    start = time.perf_counter()
    losses = []
    for fold, (train, validation) in enumerate(_SPLITS):
        model = HistGradientBoostingClassifier(max_iter=MAX_ITER, early_stopping=False, random_state=fold, **kwargs)
        model.fit(_X[train], _y[train])
        losses.append(log_loss(_y[validation], model.predict_proba(_X[validation])))
        if on_fold is not None and on_fold(fold, float(np.mean(losses))):
            break
    return float(np.mean(losses)), time.perf_counter() - start
