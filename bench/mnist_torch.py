#!/usr/bin/python3
"""jgrad mnist in PyTorch, one thread, float32: the same digits (read from the digits.gz that jgrad ships), the same
fixed split (record i is a test digit when i mod 5 = 4), the same networks and initialisation (He normal for the
convolutions and the hidden layer, Xavier uniform for the last layer, zero biases), Adam at rate 1e-3, batches of 64
in a shuffled order, cross-entropy. Prints one line:
model=... epochs=... train_accuracy=... test_accuracy=... epoch_seconds=... epoch_cpu_seconds=...
where the times are the mean wall-clock and process CPU seconds of an epoch's training steps.

    bench/mnist_torch.py [cnn|mlp] [EPOCHS] [SEED]
"""
import gzip
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

DIGITS = Path(__file__).resolve().parent.parent / "jgrad-cli/src/main/resources/dev/jgrad/cli/mnist/digits.gz"
PIXELS = 784


def load():
    records = np.frombuffer(gzip.decompress(DIGITS.read_bytes()), dtype=np.uint8).reshape(-1, PIXELS + 1)
    labels = torch.from_numpy(records[:, 0].astype(np.int64))
    images = torch.from_numpy(records[:, 1:].astype(np.float32) / 255)
    test = torch.arange(len(records)) % 5 == 4
    return images[~test], labels[~test], images[test], labels[test]


def network(model):
    if model == "cnn":
        # conv, ReLU, max-pool written as conv, max-pool, ReLU: the same function and gradient, as in jgrad
        layers = [nn.Conv2d(1, 16, 5), nn.MaxPool2d(2), nn.ReLU(), nn.Conv2d(16, 32, 5), nn.MaxPool2d(2), nn.ReLU(),
                  nn.Flatten(), nn.Linear(512, 10)]
    else:
        layers = [nn.Linear(PIXELS, 128), nn.ReLU(), nn.Linear(128, 10)]
    weighted = [m for m in layers if isinstance(m, (nn.Conv2d, nn.Linear))]
    for m in weighted[:-1]:
        nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
        nn.init.zeros_(m.bias)
    nn.init.xavier_uniform_(weighted[-1].weight)
    nn.init.zeros_(weighted[-1].bias)
    return nn.Sequential(*layers)


def predict(net, images, shape):
    with torch.no_grad():
        return torch.cat([net(images[i:i + 500].reshape(-1, *shape)).argmax(1) for i in range(0, len(images), 500)])


def main():
    model = sys.argv[1] if len(sys.argv) > 1 else "cnn"
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    x_train, y_train, x_test, y_test = load()
    shape = (1, 28, 28) if model == "cnn" else (PIXELS,)
    net = network(model)
    adam = torch.optim.Adam(net.parameters(), lr=1e-3)
    wall = []
    cpu = []
    for _ in range(epochs):
        w0, c0 = time.perf_counter(), time.process_time()
        for batch in torch.randperm(len(x_train)).split(64):
            adam.zero_grad()
            F.cross_entropy(net(x_train[batch].reshape(-1, *shape)), y_train[batch]).backward()
            adam.step()
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    train_accuracy = (predict(net, x_train, shape) == y_train).float().mean().item()
    test_accuracy = (predict(net, x_test, shape) == y_test).float().mean().item()
    print(f"model={model} epochs={epochs} train_accuracy={train_accuracy:.4f} test_accuracy={test_accuracy:.4f} "
          f"epoch_seconds={sum(wall) / epochs:.3f} epoch_cpu_seconds={sum(cpu) / epochs:.3f}")


if __name__ == "__main__":
    main()
