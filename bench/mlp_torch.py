"""The workload of `jgrad bench mlp` in PyTorch on one thread: one training step (zero_grad, forward, softmax
cross-entropy, backward, optimizer step) of a 784-128-10 ReLU network on a fixed batch of random inputs and labels.
Timed as jgrad times it: CPU time of the whole process (time.process_time), 100 untimed warm-up steps, then the
best mean over 5 blocks of 100 steps.
Prints one line of key=value pairs per dtype (float64, float32), or only the one given by --dtype.

Usage: python3 bench/mlp_torch.py [--batch 64] [--dtype float64|float32] [--optimizer sgd|adam]
"""
import argparse
import time

import torch

torch.set_num_threads(1)


def measure(batch, dtype, optimizer):
    torch.manual_seed(42)
    x = torch.randn(batch, 784, dtype=dtype)
    labels = torch.randint(0, 10, (batch,))
    net = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)).to(dtype)
    if optimizer == "adam":
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    else:
        opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)

    def step():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x), labels)
        loss.backward()
        opt.step()
        return loss.item()

    first = step()
    for _ in range(99):
        step()
    best = float("inf")
    last = first
    for _ in range(5):
        t0 = time.process_time()
        for _ in range(100):
            last = step()
        best = min(best, (time.process_time() - t0) / 100)
    name = "float64" if dtype == torch.float64 else "float32"
    print(f"batch={batch} dtype={name} optimizer={optimizer} torch={torch.__version__} threads=1 "
          f"ms_per_step={best * 1e3:.3f} loss_first={first:.4f} loss_last={last:.4f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--dtype", choices=["float64", "float32"])
    parser.add_argument("--optimizer", choices=["sgd", "adam"], default="sgd")
    args = parser.parse_args()
    dtypes = [args.dtype] if args.dtype else ["float64", "float32"]
    for name in dtypes:
        measure(args.batch, torch.float64 if name == "float64" else torch.float32, args.optimizer)


if __name__ == "__main__":
    main()
