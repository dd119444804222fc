"""The Gaussian mixture log-likelihood of jgrad-bench's TracedPrograms.Mixture, vectorized in PyTorch (float64, one
thread), and the time of its gradient with respect to the parameters (the points are data).

    /usr/bin/python3 bench/mixture_torch.py [d K n] [repeats]

Prints `d=... K=... n=... value=... gradient_ms=... broadcast_ms=... matmul_ms=...`: the median of the repeats after a
warm-up for two ways of writing the quadratic forms, broadcasting (points x components x dimensions) and expanded
into matrix products (sum_d x^2 p - 2 x mu p + mu^2 p, with p = e^(2s)), and gradient_ms the faster of the two. The
parameters and points are random here; the time does not depend on their values.
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


def broadcast():
    precision = s.exp()
    bias = a + s.sum(1)
    z = (x[:, None, :] - mu[None, :, :]) * precision[None, :, :]
    terms = bias[None, :] - 0.5 * (z * z).sum(2)
    return torch.logsumexp(terms, 1).sum()


def matmul():
    p = (2 * s).exp()
    bias = a + s.sum(1)
    quadratic = (x * x) @ p.T - 2 * x @ (mu * p).T + (mu * mu * p).sum(1)[None, :]
    return torch.logsumexp(bias[None, :] - 0.5 * quadratic, 1).sum()


def median_ms(f):
    times = []
    for i in range(repeats + 10):
        for p in (a, mu, s):
            p.grad = None
        start = time.perf_counter()
        value = f()
        value.backward()
        elapsed = time.perf_counter() - start
        if i >= 10:
            times.append(elapsed)
    return value.item(), 1000 * statistics.median(times)


value, broadcast_ms = median_ms(broadcast)
_, matmul_ms = median_ms(matmul)
print(f"d={d} K={k} n={n} value={value:.6f} gradient_ms={min(broadcast_ms, matmul_ms):.3f}"
      f" broadcast_ms={broadcast_ms:.3f} matmul_ms={matmul_ms:.3f}")
