#!/usr/bin/python3
"""The step of jgrad's CnnStep in PyTorch, one thread: forward + backward of conv 1->16 5x5, ReLU, max-pool 2,
conv 16->32 5x5, ReLU, max-pool 2, linear 512->10, cross-entropy, batch 64 of random 28x28 images. Prints
dtype=... ms=..., the median thread CPU time over 7 rounds of 10 steps after 3 rounds of warm-up.

glibc's malloc serves blocks above its mmap threshold (128 KiB at first) with fresh pages from the kernel and returns
them on free, so every step would pay page faults for each activation (2.4 MB for the first convolution's output).
The threshold rises on its own once a large block is freed, which in a training script happens when the data set is
loaded (bench/mnist_torch.py); this script loads nothing, so it sets the threshold as that would, else its step takes
3-5 times as long as the same step inside PyTorch's training loop."""
import ctypes
import statistics
import sys
import time

import torch
import torch.nn.functional as F

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
libc = ctypes.CDLL("libc.so.6")
libc.mallopt(M_MMAP_THRESHOLD, 32 << 20)
libc.mallopt(M_TRIM_THRESHOLD, 64 << 20)
torch.set_num_threads(1)
dtype = torch.float64 if len(sys.argv) > 1 and sys.argv[1] == "float64" else torch.float32
torch.manual_seed(1)


def uniform(bound, *shape):
    return ((torch.rand(*shape, dtype=dtype) * 2 - 1) * bound).requires_grad_(True)


p = [uniform(0.2, 16, 1, 5, 5), uniform(0.2, 16), uniform(0.05, 32, 16, 5, 5), uniform(0.05, 32),
     uniform(0.044, 10, 512), uniform(0.044, 10)]
images = torch.rand(64, 1, 28, 28, dtype=dtype) * 2 - 1
labels = torch.randint(0, 10, (64,))


def step():
    for t in p:
        t.grad = None
    h = F.max_pool2d(torch.relu(F.conv2d(images, p[0], p[1])), 2, 2)
    h = F.max_pool2d(torch.relu(F.conv2d(h, p[2], p[3])), 2, 2)
    F.cross_entropy(F.linear(h.reshape(64, 512), p[4], p[5]), labels).backward()


ms = []
for r in range(-3, 7):
    start = time.thread_time()
    for _ in range(10):
        step()
    if r >= 0:
        ms.append((time.thread_time() - start) * 1000 / 10)
print(f"dtype={'float32' if dtype == torch.float32 else 'float64'} ms={statistics.median(ms):.3f}")
