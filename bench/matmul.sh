#!/usr/bin/env bash
# Side by side: jgrad's matrix product (both kernels: the Vector API one that ./jgrad enables, and the plain-Java one)
# against numpy with OpenBLAS, one thread each, float64 and float32, all in one run so that the ratios compare
# figures taken under the same load. Installs python3-numpy and libopenblas0-pthread with apt if missing (without
# the latter, Debian's numpy runs the reference BLAS), sets OPENBLAS_NUM_THREADS=1, and prints each figure and its
# ratio to numpy's (above 1: jgrad is faster). Times are the best thread CPU time of several products. Not part of CI.
#
#   bench/matmul.sh            # N = 512
#   N=1024 bench/matmul.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-512}
# shellcheck source=bench/peers.sh
. bench/peers.sh
install_peers numpy python3-numpy

./mvnw -B -q -pl jgrad-core,jgrad-cli -am package -DskipTests

lines=()
for dtype in float64 float32; do
  lines+=("$("$PY" bench/matmul_numpy.py --n "$N" --dtype "$dtype")")
  lines+=("$(./jgrad bench matmul --n "$N" --dtype "$dtype")")
  lines+=("$(./jgrad bench matmul --n "$N" --dtype "$dtype" --path scalar)")
done

"$PY" - "${lines[@]}" <<'PYEOF'
import sys
def kv(line):
    return {k: v for k, v in (p.split("=", 1) for p in line.split())}
rows = [kv(s) for s in sys.argv[1:]]
print(f"matmul n={rows[0]['n']}, one thread (GFLOP/s, thread CPU time; ratio = jgrad / numpy)")
print(f"  numpy {rows[0]['numpy']} with {rows[0]['blas']}")
for numpy, vector, scalar in (rows[0:3], rows[3:6]):
    ref = float(numpy["gflops"])
    print(f"  {numpy['dtype']}  numpy {ref:6.2f}   jgrad path={vector['path']} {float(vector['gflops']):6.2f}"
          f" ({float(vector['gflops']) / ref:4.0%})   jgrad path={scalar['path']} {float(scalar['gflops']):6.2f}"
          f" ({float(scalar['gflops']) / ref:4.0%})   checks {vector['check']}/{scalar['check']}")
PYEOF
