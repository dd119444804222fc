#!/usr/bin/python3
"""Reference derivatives for HigherOrderReferenceTest, written to higher_order_reference.txt next to this script.

PyTorch (float64) gives values, gradients, Hessians (torch.autograd.functional.hessian), Hessian-vector products
and third-order contractions (nested torch.autograd.grad with create_graph=True), Jacobians, jvp and vjp
(torch.autograd.functional), and derivatives of order 0 to 5 of functions of one variable (nested grad). The
functions cover every op of jgrad's rule table and the erf custom op; the Java test defines the same functions.

PyTorch's trigamma (the derivative of digamma) is accurate only to about 1e-10 relative, so lgamma and the
polygamma family are checked against mpmath at 30 digits instead.

Run: /usr/bin/python3 higher_order_reference.py
"""
import os

import mpmath
import torch
from torch.autograd.functional import hessian, jacobian, jvp, vjp

torch.set_default_dtype(torch.float64)


def where(c, a, b):
    return torch.where(c > 0, a, b)


def total(*terms):
    return torch.stack(list(terms)).sum()


SCALAR = {
    "arith": lambda x: (x[0] * x[1] - x[2] / x[0]) + (x[1] - x[2]) * x[0] + (-x[1]) * x[2] * x[2],
    "pow": lambda x: x[0] ** x[1] + x[1] ** 3.0 + x[2] ** 0.5 + (x[0] + x[2]) ** (x[1] - x[0]),
    "transcendental": lambda x: torch.exp(x[0] * x[1]) + torch.log1p(x[2] * x[0])
    + torch.log(x[1] + x[2]) * torch.sin(x[0])
    + torch.cos(x[1] * x[2]) + torch.sqrt(x[0] + x[1] * x[1]),
    "activations": lambda x: torch.tanh(x[0] * x[1]) * torch.sigmoid(x[1] - x[2])
    + torch.relu(x[0] - x[2]) * x[1] ** 2.0 + torch.relu(x[2] - x[0]) * x[0],
    "abs_sign": lambda x: torch.abs(x[0] - x[1]) * x[2] + torch.sign(x[1]) * x[0] * x[1] + torch.abs(x[2]) ** 2.5,
    "where": lambda x: where(x[0] - x[1], x[0] * x[1] ** 2.0, x[2] ** 3.0)
    + where(x[2] - x[0], torch.sin(x[2] * x[1]), torch.exp(x[0] / x[1])),
    "sum": lambda x: total(x[0] * x[1], torch.sin(x[2]), x[0] ** 2.0, x[1] * x[2] * x[0], torch.exp(x[0])),
    "erf": lambda x: torch.special.erf(x[0] * x[1]) * x[2] + torch.special.erf(x[2] - x[1]),
    "inverse_trig": lambda x: torch.tan(x[0] * x[1]) + torch.asin(x[0] * x[2] / 3.0) * x[1] + torch.acos(x[1] * x[2] / 2.0)
    + torch.atan(x[0] * x[1] * x[2]) + torch.atan2(x[0] + x[1], x[2] * x[0]) + torch.hypot(x[1] * x[2], x[0] - x[1])
    + torch.expm1(x[0] * x[2] - x[1]),
    "hyperbolic_max": lambda x: torch.sinh(x[0] * x[2]) * torch.cosh(x[1] - x[0])
    + torch.maximum(x[0] * x[1], x[2] - x[0]) * x[1] + torch.minimum(x[0] ** 2.0, x[1] * x[2]) * x[0]
    + torch.nn.functional.softplus(x[1] * x[2] + x[0])
    + torch.logsumexp(torch.stack([x[0] * x[1], x[2], x[1] - x[0], x[2] * x[2]]), 0),
    "inverse_hyperbolic": lambda x: torch.asinh(x[0] * x[1]) * torch.acosh(x[2] + x[0] ** 2.0)
    + torch.atanh(x[1] * x[2] / 3.0) + torch.log10(x[0] + x[2]) * (x[1] * x[1] + x[2]) ** (1.0 / 3.0),
}

POINTS = {
    "arith": [0.7, -1.3, 2.1],
    "pow": [1.6, 0.8, 2.5],
    "transcendental": [0.4, 1.1, 0.9],
    "activations": [0.9, -0.6, 0.3],
    "abs_sign": [0.5, -1.2, 1.7],
    "where": [1.3, 0.6, 1.8],
    "sum": [0.3, -0.8, 1.4],
    "erf": [0.6, 0.9, -0.4],
    "inverse_trig": [0.5, -0.3, 0.8],
    "hyperbolic_max": [0.7, -0.4, 1.2],
    "inverse_hyperbolic": [0.6, -0.7, 1.4],
}

UNIVARIATE = {
    "u_sin_exp": (lambda x: torch.sin(x) * torch.exp(x / 2.0) + x ** 2.5, 1.3),
    "u_sigmoid_tanh": (lambda x: torch.sigmoid(x) * torch.tanh(x), 0.4),
    "u_erf": (lambda x: torch.special.erf(x) * x, 0.7),
    "u_sqrt_log": (lambda x: torch.sqrt(1.0 + x * x) * torch.log(x), 2.2),
    "u_div_cos": (lambda x: torch.cos(x) / (1.0 + x * x), -0.9),
}


def flat(t):
    return [float(v) for v in t.reshape(-1).tolist()]


def line(out, name, key, values):
    out.append(" ".join([name, key] + [repr(float(v)) for v in values]))


def scalar_entries(out):
    for name, f in SCALAR.items():
        x = torch.tensor(POINTS[name])
        v = torch.tensor([0.3, -0.7, 0.5])
        line(out, name, "x", flat(x))
        line(out, name, "v", flat(v))
        xg = x.clone().requires_grad_(True)
        y = f(xg)
        line(out, name, "value", [y.item()])
        (g,) = torch.autograd.grad(y, xg, create_graph=True)
        line(out, name, "grad", flat(g))
        line(out, name, "hessian", flat(hessian(f, x)))
        (hv,) = torch.autograd.grad((g * v).sum(), xg, create_graph=True)
        line(out, name, "hvp", flat(hv))
        (third,) = torch.autograd.grad((hv * v).sum(), xg)
        line(out, name, "third", flat(third))


def vector_entries(out):
    names = list(SCALAR)
    x = torch.tensor([0.8, 1.2, 1.5])
    v = torch.tensor([0.3, -0.7, 0.5])

    def stacked(x):
        return torch.stack([SCALAR[n](x) for n in names])

    def pair(x):
        return torch.stack([SCALAR["transcendental"](x), SCALAR["where"](x)])

    for name, f in (("stacked", stacked), ("pair", pair)):
        y = f(x)
        u = torch.linspace(-1.0, 1.0, y.numel())
        line(out, name, "x", flat(x))
        line(out, name, "v", flat(v))
        line(out, name, "u", flat(u))
        line(out, name, "value", flat(y))
        line(out, name, "jacobian", flat(jacobian(f, x)))
        line(out, name, "jvp", flat(jvp(f, x, v)[1]))
        line(out, name, "vjp", flat(vjp(f, x, u)[1]))


def univariate_entries(out):
    for name, (f, x0) in UNIVARIATE.items():
        x = torch.tensor(x0, requires_grad=True)
        y = f(x)
        derivatives = [y.item()]
        for k in range(5):
            (y,) = torch.autograd.grad(y, x, create_graph=k < 4)
            derivatives.append(y.item())
        line(out, name, "x", [x0])
        line(out, name, "derivatives", derivatives)


def special_entries(out):
    mpmath.mp.dps = 30
    for x0 in (0.3, 1.7, 2.6, 7.5, 23.0, -0.4, -3.3):
        x = mpmath.mpf(x0)
        values = [mpmath.log(abs(mpmath.gamma(x)))] + [mpmath.polygamma(n, x) for n in range(5)]
        line(out, "special_lgamma", "x", [x0])
        line(out, "special_lgamma", "derivatives", values)
    for x0 in (0.2, 1.1, 2.9, -0.6):
        x = mpmath.mpf(x0)
        values = [mpmath.erf(x)] + [mpmath.diff(mpmath.erf, x, k) for k in range(1, 6)]
        line(out, "special_erf", "x", [x0])
        line(out, "special_erf", "derivatives", values)


def special_values(out):
    """Values alone, at many points (zeros of lgamma and digamma, tails, negative arguments), for SpecialTest."""
    mpmath.mp.dps = 40
    erf_points = [-4.5, -1.0, -1e-5, 1e-12, 0.1, 0.5, 0.99, 1.5, 2.5, 2.99, 3.01, 4.0, 5.5, 6.5]
    for x0 in erf_points:
        line(out, "values_erf", "x", [x0, mpmath.erf(mpmath.mpf(x0))])
    lgamma_points = [1e-10, 0.01, 0.5, 0.999, 1.0001, 1.3, 1.5, 1.9999, 2.0001, 2.4, 2.6, 3.5, 9.9, 14.99, 15.01, 40.5,
                     1e6, -0.5, -1.5, -2.7, -10.2]
    for x0 in lgamma_points:
        line(out, "values_lgamma", "x", [x0, mpmath.log(abs(mpmath.gamma(mpmath.mpf(x0))))])
    psi_points = [1e-6, 0.3, 1.0, 1.3, 1.7, 2.0, 3.3, 9.5, 14.9, 30.5, 1e4, -0.3, -1.6, -4.25]
    for n in range(5):
        for x0 in psi_points:
            line(out, "values_polygamma" + str(n), "x", [x0, mpmath.polygamma(n, mpmath.mpf(x0))])


def main():
    out = []
    scalar_entries(out)
    vector_entries(out)
    univariate_entries(out)
    special_entries(out)
    special_values(out)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "higher_order_reference.txt")
    with open(path, "w") as f:
        f.write("# name key numbers...: written by higher_order_reference.py (PyTorch " + torch.__version__
                + ", mpmath " + mpmath.__version__ + "); do not edit\n")
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
