"""The Gaussian mixture log-likelihood of jgrad-bench's TracedPrograms.Mixture, vectorized in PyTorch (float64, one
thread), and the time of its gradient with respect to the parameters (the points are data).

    /usr/bin/python3 bench/mixture_torch.py [d K n] [repeats]

Prints `d=... K=... n=... value=... gradient_ms=...` (the median of the repeats after a warm-up). The parameters and
points are random here; the time does not depend on their values.
"""
import statistics
import sys
import time

import torch

torch.set_num_threads(1)
d, k, n = (int(v) for v in sys.argv[1:4]) if len(sys.argv) >= 4 else (20, 50, 1000)
repeats = int(sys.argv[4]) if len(sys.argv) >= 5 else 50
generator = torch.Generator().manual_seed(13)
a = torch.randn(k, dtype=torch.float64, generator=generator, requires_grad=True)
mu = torch.randn(k, d, dtype=torch.float64, generator=generator, requires_grad=True)
s = (0.1 * torch.randn(k, d, dtype=torch.float64, generator=generator)).requires_grad_()
x = torch.randn(n, d, dtype=torch.float64, generator=generator)


def log_likelihood():
    precision = s.exp()
    bias = a + s.sum(1)
    z = (x[:, None, :] - mu[None, :, :]) * precision[None, :, :]
    terms = bias[None, :] - 0.5 * (z * z).sum(2)
    return torch.logsumexp(terms, 1).sum()


times = []
for i in range(repeats + 10):
    for p in (a, mu, s):
        p.grad = None
    start = time.perf_counter()
    value = log_likelihood()
    value.backward()
    elapsed = time.perf_counter() - start
    if i >= 10:
        times.append(elapsed)
print(f"d={d} K={k} n={n} value={value.item():.6f} gradient_ms={1000 * statistics.median(times):.3f}")
