"""Extended Rosenbrock with PyTorch batched tensors on one thread: value and gradient (forward + backward) and the
value alone. Prints one line of key=value pairs; times are the best of several repetitions of CPU time of the calling thread, where one-thread PyTorch computes."""
import sys
import time

import torch

torch.set_num_threads(1)
n = int(sys.argv[sys.argv.index("--n") + 1]) if "--n" in sys.argv else 1_000_000
x0 = 0.5 + 0.001 * (torch.arange(n, dtype=torch.float64) % 97)


def f(x):
    d = x[1:] - x[:-1] ** 2
    e = 1 - x[:-1]
    return (100 * d * d + e * e).sum()


best, value, sink = float("inf"), float("inf"), 0.0
for _ in range(7):
    x = x0.clone().requires_grad_(True)
    t0 = time.thread_time_ns()
    y = f(x)
    y.backward()
    best = min(best, time.thread_time_ns() - t0)
    sink += float(x.grad[n // 2])
with torch.no_grad():
    for _ in range(7):
        t0 = time.thread_time_ns()
        sink += float(f(x0))
        value = min(value, time.thread_time_ns() - t0)
print(f"n={n} gradient_ns_per_var={best / n:.1f} value_ns_per_var={value / n:.1f} check={sink == sink}")
