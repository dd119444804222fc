// Extended Rosenbrock with ADOL-C (Debian libadolc-dev): record + gradient, replay of the gradient, and the plain
// C++ function. Prints one line of key=value pairs; times are the best of several repetitions of this thread's CPU time.
// Build: g++ -O2 -o rosenbrock_adolc rosenbrock_adolc.cpp -ladolc
#include <adolc/adolc.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

static double cpu_ns() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static double primal(const std::vector<double>& x) {
    double sum = 0;
    for (size_t i = 0; i + 1 < x.size(); i++) {
        double d = x[i + 1] - x[i] * x[i];
        double e = 1 - x[i];
        sum += 100 * d * d + e * e;
    }
    return sum;
}

int main(int argc, char** argv) {
    long n = argc > 1 ? std::atol(argv[1]) : 1000000;
    std::vector<double> x(n), g(n);
    for (long i = 0; i < n; i++) x[i] = 0.5 + 0.001 * (i % 97);
    double sink = 0, record = 1e300, replay = 1e300, plain = 1e300;
    for (int rep = 0; rep < 3; rep++) {
        double t0 = cpu_ns();
        trace_on(1);
        {
            std::vector<adouble> ax(n);
            for (long i = 0; i < n; i++) ax[i] <<= x[i];
            adouble s = 0;
            for (long i = 0; i + 1 < n; i++) {
                adouble d = ax[i + 1] - ax[i] * ax[i];
                adouble e = 1 - ax[i];
                s += 100 * d * d + e * e;
            }
            double y;
            s >>= y;
            sink += y;
        }
        trace_off();
        gradient(1, n, x.data(), g.data());
        record = std::min(record, cpu_ns() - t0);
    }
    for (int rep = 0; rep < 5; rep++) {
        double t0 = cpu_ns();
        gradient(1, n, x.data(), g.data());
        replay = std::min(replay, cpu_ns() - t0);
        sink += g[n / 2];
    }
    for (int rep = 0; rep < 50; rep++) {
        double t0 = cpu_ns();
        sink += primal(x);
        plain = std::min(plain, cpu_ns() - t0);
    }
    std::printf("n=%ld record_ns_per_var=%.1f replay_ns_per_var=%.1f primal_ns_per_var=%.2f check=%d\n", n,
                record / n, replay / n, plain / n, sink == sink);
    return 0;
}
