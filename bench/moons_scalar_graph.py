#!/usr/bin/python3
"""Peers of MlpStepBenchmark, timed in the same session: micrograd's demo step in micrograd's own engine, and the
same scalar graph in PyTorch (0-d float64 tensors).

    /usr/bin/python3 bench/moons_scalar_graph.py [steps]

One step: zero grads, forward of 100 two-moons points through an MLP 2-16-16-1 (ReLU hidden, linear output),
loss = mean(relu(1 - y * score)) + 1e-4 * sum(p * p), backward, SGD. Prints seconds per step for each engine.
The micrograd engine below is micrograd's (engine.py and nn.py, trimmed to the ops the demo uses).
"""
import math
import random
import sys
import time


class Value:
    """micrograd's Value: a closure per node, a recursive topological sort."""

    def __init__(self, data, _children=(), _op=''):
        self.data = data
        self.grad = 0
        self._backward = lambda: None
        self._prev = set(_children)
        self._op = _op

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), '+')

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), '*')

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = Value(0 if self.data < 0 else self.data, (self,), 'ReLU')

        def _backward():
            self.grad += (out.data > 0) * out.grad
        out._backward = _backward
        return out

    def backward(self):
        topo = []
        visited = set()

        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)
        build_topo(self)
        self.grad = 1
        for v in reversed(topo):
            v._backward()

    def __neg__(self):
        return self * -1

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other


def moons(n, rng):
    points, labels = [], []
    for i in range(n):
        upper = i < n // 2
        t = math.pi * rng.random()
        x = math.cos(t) if upper else 1 - math.cos(t)
        y = math.sin(t) if upper else 0.5 - math.sin(t)
        points.append((x + 0.1 * rng.gauss(0, 1), y + 0.1 * rng.gauss(0, 1)))
        labels.append(-1.0 if upper else 1.0)
    return points, labels


def mlp(rng, make):
    sizes = [2, 16, 16, 1]
    return [[([make(rng.uniform(-1, 1)) for _ in range(sizes[k])], make(0.0)) for _ in range(sizes[k + 1])]
            for k in range(len(sizes) - 1)]


def forward(layers, x, relu):
    for k, layer in enumerate(layers):
        outs = []
        for w, b in layer:
            act = sum((wi * xi for wi, xi in zip(w, x)), b)
            outs.append(relu(act) if k < len(layers) - 1 else act)
        x = outs
    return x[0]


def parameters(layers):
    return [p for layer in layers for w, b in layer for p in w + [b]]


def micrograd_step(layers, points, labels):
    params = parameters(layers)
    for p in params:
        p.grad = 0
    scores = [forward(layers, [Value(a), Value(b)], Value.relu) for a, b in points]
    losses = [(1 + -y * s).relu() for y, s in zip(labels, scores)]
    loss = sum(losses) * (1.0 / len(losses)) + 1e-4 * sum(p * p for p in params)
    loss.backward()
    for p in params:
        p.data -= 0.1 * p.grad
    return loss.data


def torch_step(layers, points, labels):
    import torch
    params = parameters(layers)
    for p in params:
        p.grad = None
    scores = [forward(layers, [torch.tensor(a, dtype=torch.float64), torch.tensor(b, dtype=torch.float64)],
                      torch.relu) for a, b in points]
    losses = [torch.relu(1 + -y * s) for y, s in zip(labels, scores)]
    loss = sum(losses) * (1.0 / len(losses)) + 1e-4 * sum(p * p for p in params)
    loss.backward()
    with torch.no_grad():
        for p in params:
            p -= 0.1 * p.grad
    return loss.item()


def timed(name, step, layers, points, labels, steps):
    step(layers, points, labels)
    start = time.process_time()
    for _ in range(steps):
        step(layers, points, labels)
    per_step = (time.process_time() - start) / steps
    print(f"{name}: {per_step:.3f} s per step (CPU time, mean of {steps})")


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    rng = random.Random(1337)
    points, labels = moons(100, rng)
    timed("micrograd", micrograd_step, mlp(rng, Value), points, labels, steps)
    import torch
    torch.set_num_threads(1)
    timed("pytorch scalar graph", torch_step,
          mlp(rng, lambda v: torch.tensor(v, dtype=torch.float64, requires_grad=True)), points, labels, steps)


if __name__ == "__main__":
    main()
