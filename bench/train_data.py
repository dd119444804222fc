#!/usr/bin/env python3
"""Writes the CSV files that BENCHMARKS.md times `jgrad train` on, into the directory given (default: .).

linear.csv, curved.csv and ring.csv have the shapes of TrainGeneralizationTest's generated data (250 rows of six
features with a linear target, 300 rows of three features with a curved one, 300 two-feature rows labelled 1 inside a
ring); big.csv has 100,000 rows of eight features and three classes. The standard library's random module, seeded, so
every run writes the same files.
"""
import math
import os
import random
import sys


def write(path, header, rows):
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        for row in rows:
            f.write(",".join("%.6f" % v if isinstance(v, float) else str(v) for v in row) + "\n")


def gaussian_rows(rng, n, features):
    return [[rng.gauss(0, 1) for _ in range(features)] for _ in range(n)]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    rng = random.Random(1)
    names = lambda k: ["x%d" % j for j in range(k)]

    rows = gaussian_rows(rng, 250, 7)
    write(os.path.join(out, "linear.csv"), names(6) + ["y"],
          [x[:6] + [3 * x[0] - 2 * x[1] + x[2] - 0.5 * x[3] + 3 * x[6]] for x in rows])

    rows = gaussian_rows(rng, 300, 4)
    write(os.path.join(out, "curved.csv"), names(3) + ["y"],
          [x[:3] + [math.sin(2 * x[0]) + x[1] * x[1] + 0.1 * x[2] + 0.1 * x[3]] for x in rows])

    rows = gaussian_rows(rng, 300, 2)
    write(os.path.join(out, "ring.csv"), names(2) + ["y"],
          [x + [1 if x[0] * x[0] + x[1] * x[1] < 1.4 else 0] for x in rows])

    def big_class(x):
        score = [x[0] + 0.5 * x[1] * x[2], math.sin(2 * x[3]) + x[4] * x[4] - 1, 0.8 * x[5] - x[6] * x[7]]
        return max(range(3), key=lambda k: score[k] + 0.3 * rng.gauss(0, 1))

    rows = gaussian_rows(rng, 100_000, 8)
    write(os.path.join(out, "big.csv"), names(8) + ["y"], [x + [big_class(x)] for x in rows])


if __name__ == "__main__":
    main()
