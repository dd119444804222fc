"""micrograd's demo step with PyTorch batched tensors on one thread: MLP 2-16-16-1 (ReLU), 100 two-moons points,
hinge loss mean(relu(1 - y score)) + 1e-4 sum(p^2), SGD at rate 1 - 0.9 k / 100, 100 steps. Prints one line of
key=value pairs: the mean step time (CPU time of the calling thread, where one-thread PyTorch computes) of the best of five runs."""
import math
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(1337)
half = 50
t = torch.cat([math.pi * torch.arange(half, dtype=torch.float64) / (half - 1)] * 2)
outer = torch.arange(2 * half) < half
X = torch.stack([torch.where(outer, torch.cos(t), 1 - torch.cos(t)),
                 torch.where(outer, torch.sin(t), 0.5 - torch.sin(t))], 1) + 0.1 * torch.randn(2 * half, 2, dtype=torch.float64)
y = torch.where(outer, -1.0, 1.0).double()


def run(steps=100):
    sizes = [2, 16, 16, 1]
    params = []
    for i in range(3):
        params += [(2 * torch.rand(sizes[i + 1], sizes[i], dtype=torch.float64) - 1).requires_grad_(),
                   torch.zeros(sizes[i + 1], dtype=torch.float64, requires_grad=True)]
    first = last = None
    t0 = time.thread_time_ns()
    for k in range(steps):
        h = X
        for i in range(3):
            h = h @ params[2 * i].T + params[2 * i + 1]
            if i < 2:
                h = torch.relu(h)
        loss = torch.relu(1 - y * h[:, 0]).mean() + 1e-4 * sum((p * p).sum() for p in params)
        for p in params:
            p.grad = None
        loss.backward()
        rate = 1.0 - 0.9 * k / 100
        with torch.no_grad():
            for p in params:
                p -= rate * p.grad
        first = float(loss) if first is None else first
        last = float(loss)
    return (time.thread_time_ns() - t0) / steps, first, last


best = min(run() for _ in range(5))
print(f"ms_per_step={best[0] / 1e6:.3f} loss_first={best[1]:.4f} loss_last={best[2]:.4f}")
