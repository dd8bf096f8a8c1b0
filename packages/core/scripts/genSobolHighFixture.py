"""Writes src/sobol/fixtures/sobol-unscrambled-d1111-rows.json: rows of the unscrambled 1111-dimensional Sobol
sequence at a few indices, including the last four before 2^30, from SciPy's own direction numbers, and those
direction numbers themselves for a few dimensions (first, middle, last).

Rows at small indices come from scipy.stats.qmc.Sobol(1111, scramble=False).random(). SciPy's fast_forward walks
every index (hours to reach 2^30), so rows at large indices are the XOR of SciPy's direction numbers
(`Sobol._sv`, 30 bits) selected by the Gray code of the index, the rule SciPy's generator applies; the script
checks that rule against SciPy's own output for the first 1024 points before using it.

Each coordinate is stored as its integer numerator over 2^30 (SciPy's points are exact multiples of 2^-30).
Run from packages/core: python3 scripts/genSobolHighFixture.py
"""
import json

import numpy as np
import scipy
from scipy.stats import qmc

DIMENSION = 1111
INDICES = [255, 256, 1000, 1023, 123456789, 2**29, 2**30 - 4, 2**30 - 3, 2**30 - 2, 2**30 - 1]

sobol = qmc.Sobol(DIMENSION, scramble=False)
directions = sobol._sv.astype(np.int64)  # DIMENSION x 30
first = sobol.random(1024)


def gray_point(index):
    gray = index ^ (index >> 1)
    state = np.zeros(DIMENSION, dtype=np.int64)
    for k in range(30):
        if (gray >> k) & 1:
            state ^= directions[:, k]
    return state


for index in range(1024):
    assert np.all(gray_point(index) / 2**30 == first[index]), index

rows = []
for index in INDICES:
    numerators = gray_point(index)
    if index < 1024:
        assert np.all(numerators / 2**30 == first[index])
    rows.append({"index": index, "numerators": numerators.tolist()})

with open("src/sobol/fixtures/sobol-unscrambled-d1111-rows.json", "w") as out:
    json.dump(
        {
            "source": f"scipy {scipy.__version__} scipy.stats.qmc.Sobol(d={DIMENSION}, scramble=False), "
            "random() for indices below 1024, else the XOR of its direction numbers by the Gray code; by packages/core/scripts/genSobolHighFixture.py",
            "denominator": 2**30,
            "dimensions": DIMENSION,
            "rows": rows,
            # SciPy's direction numbers v_1..v_30 (over 2^30) of the first and last dimensions.
            "directions": [
                {"dimension": j, "numerators": directions[j].tolist()}
                for j in [0, 1, 2, 7, 100, 555, 1109, 1110]
            ],
        },
        out,
        separators=(",", ":"),
    )
