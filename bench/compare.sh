#!/usr/bin/env bash
# Side by side: jgrad's compiled tape against PyTorch (batched tensors, one thread) and ADOL-C (record + gradient,
# replay), on the extended Rosenbrock gradient (N variables) and micrograd's demo step. Installs what it needs with
# apt, builds the jgrad command, and prints one line per system with its ratio to jgrad (above 1: jgrad is faster).
# Every side measures the CPU time of its computing thread (one thread each), the best of several repetitions,
# so that other work on a shared machine does not count. Not part of CI.
#
#   bench/compare.sh            # N = 1,000,000
#   N=100000 bench/compare.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000000}
PY=/usr/bin/python3

missing=()
"$PY" -c "import torch" 2>/dev/null || missing+=(python3-torch)
[ -f /usr/include/adolc/adolc.h ] || missing+=(libadolc-dev)
command -v g++ >/dev/null || missing+=(g++)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

./mvnw -B -q -pl jgrad-core,jgrad-cli -am package -DskipTests
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
g++ -O2 -o "$work/rosenbrock_adolc" bench/rosenbrock_adolc.cpp -ladolc

jgrad=$(./jgrad bench rosenbrock --n "$N")
adolc=$(cd "$work" && ./rosenbrock_adolc "$N")
torch=$("$PY" bench/rosenbrock_torch.py --n "$N")
jmoons=$(./jgrad bench moons)
tmoons=$("$PY" bench/moons_torch.py)

"$PY" - "$jgrad" "$adolc" "$torch" "$jmoons" "$tmoons" <<'PYEOF'
import sys
def kv(line):
    return {k: v for k, v in (p.split("=", 1) for p in line.split())}
j, a, t, jm, tm = (kv(s) for s in sys.argv[1:])
f = lambda d, k: float(d[k])
rec, rep, pj = f(j, "record_ns_per_var"), f(j, "replay_ns_per_var"), f(j, "primal_ns_per_var")
print(f"Rosenbrock n={j['n']} (ns per variable, thread CPU time; ratio = system / jgrad)")
print(f"  jgrad tape           record+gradient {rec:8.1f}  replay gradient {rep:7.1f}  plain Java {pj:5.2f}  replay/plain {rep / pj:5.1f}")
print(f"  ADOL-C 2.7           record+gradient {f(a, 'record_ns_per_var'):8.1f} (x{f(a, 'record_ns_per_var') / rec:.2f})"
      f"  replay gradient {f(a, 'replay_ns_per_var'):7.1f} (x{f(a, 'replay_ns_per_var') / rep:.2f})")
print(f"  PyTorch batched      value+gradient  {f(t, 'gradient_ns_per_var'):8.1f} (x{f(t, 'gradient_ns_per_var') / rep:.2f} of jgrad replay,"
      f" x{f(t, 'gradient_ns_per_var') / rec:.2f} of jgrad record+gradient)")
print(f"  plain C++ -O2        value           {f(a, 'primal_ns_per_var'):8.2f} (x{f(a, 'primal_ns_per_var') / pj:.2f} of plain Java)")
print("micrograd demo step, MLP 2-16-16-1 on 100 moons (ms per step)")
print(f"  jgrad tape           {f(jm, 'ms_per_step'):.3f}  (loss {jm['loss_first']} -> {jm['loss_last']})")
print(f"  PyTorch batched      {f(tm, 'ms_per_step'):.3f}  (x{f(tm, 'ms_per_step') / f(jm, 'ms_per_step'):.2f})"
      f"  (loss {tm['loss_first']} -> {tm['loss_last']})")
PYEOF
