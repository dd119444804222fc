"""numpy's matrix product (OpenBLAS, one thread) for bench/matmul.sh: C = A @ B for random n x n matrices, the best
thread CPU time of several products after an untimed pass; prints n, dtype, gflops and the BLAS library loaded."""
import argparse
import time

import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("--n", type=int, default=512)
parser.add_argument("--dtype", choices=["float64", "float32"], default="float64")
args = parser.parse_args()

n = args.n
rng = np.random.default_rng(42)
a = rng.standard_normal((n, n)).astype(args.dtype)
b = rng.standard_normal((n, n)).astype(args.dtype)
c = np.empty((n, n), dtype=args.dtype)
flops = 2.0 * n ** 3
reps = int(max(3, min(1000, 1.5e10 / flops)))


def best():
    fastest = float("inf")
    for _ in range(reps):
        t0 = time.thread_time_ns()
        np.matmul(a, b, out=c)
        fastest = min(fastest, time.thread_time_ns() - t0)
    return fastest


best()
ns = best()
with open("/proc/self/maps") as maps:
    blas = sorted({line.split()[-1] for line in maps if "blas" in line.lower() and line.split()[-1].startswith("/")})
print(f"n={n} dtype={args.dtype} gflops={flops / ns:.2f} ms_per_product={ns / 1e6:.3f} "
      f"numpy={np.__version__} blas={','.join(blas) or 'unknown'}")
