"""SciPy's L-BFGS-B (no bounds, memory 10, its default tolerances pgtol=1e-5, factr=1e7) on the problems of
jgrad-core's test class dev.jgrad.optim.TestProblems, from the same starting points, with exact gradients written by
hand. Prints one tab-separated line per problem: iterations, evaluations of value and gradient, final value minus the
known minimum, and SciPy's message."""
import numpy as np
from scipy.optimize import minimize


def rosenbrock(n):
    def f(x):
        a = x[1::2] - x[0::2] ** 2
        b = 1 - x[0::2]
        g = np.zeros(n)
        g[0::2] = -400 * x[0::2] * a - 2 * b
        g[1::2] = 200 * a
        return float(np.sum(100 * a * a + b * b)), g

    start = np.tile([-1.2, 1.0], n // 2)
    return f"rosenbrock n={n}", f, start, 0.0


def powell_singular():
    def f(x):
        a, b, c, d = x[0] + 10 * x[1], x[2] - x[3], x[1] - 2 * x[2], x[0] - x[3]
        value = a * a + 5 * b * b + c ** 4 + 10 * d ** 4
        g = np.array([2 * a + 40 * d ** 3, 20 * a + 4 * c ** 3, 10 * b - 8 * c ** 3, -10 * b - 40 * d ** 3])
        return value, g

    return "powell singular", f, np.array([3.0, -1, 0, 1]), 0.0


def beale():
    y = np.array([1.5, 2.25, 2.625])

    def f(x):
        i = np.arange(1, 4)
        r = y - x[0] * (1 - x[1] ** i)
        g0 = np.sum(2 * r * -(1 - x[1] ** i))
        g1 = np.sum(2 * r * x[0] * i * x[1] ** (i - 1))
        return float(np.sum(r * r)), np.array([g0, g1])

    return "beale", f, np.array([1.0, 1.0]), 0.0


def wood():
    def f(x):
        a, b = x[1] - x[0] ** 2, 1 - x[0]
        c, d = x[3] - x[2] ** 2, 1 - x[2]
        e, h = x[1] - 1, x[3] - 1
        value = 100 * a * a + b * b + 90 * c * c + d * d + 10.1 * (e * e + h * h) + 19.8 * e * h
        g = np.array([-400 * x[0] * a - 2 * b, 200 * a + 20.2 * e + 19.8 * h,
                      -360 * x[2] * c - 2 * d, 180 * c + 20.2 * h + 19.8 * e])
        return value, g

    return "wood", f, np.array([-3.0, -1, -3, -1]), 0.0


def quadratic(n):
    d = np.arange(1, n + 1, dtype=float)
    u = 1 / d
    a = np.diag(d) + np.outer(u, u)
    b = np.ones(n)

    def f(x):
        return 0.5 * x @ a @ x - b @ x, a @ x - b

    return f"quadratic n={n}", f, np.zeros(n), -0.5 * b @ np.linalg.solve(a, b)


print("problem\titerations\tevaluations\tvalue\tstop")
for name, f, start, minimum in [rosenbrock(2), rosenbrock(100), powell_singular(), beale(), wood(), quadratic(10)]:
    r = minimize(f, start, jac=True, method="L-BFGS-B", options={"maxcor": 10, "maxiter": 15000, "maxfun": 15000})
    print(f"{name}\t{r.nit}\t{r.nfev}\t{r.fun - minimum:.3e}\t{r.message}")
