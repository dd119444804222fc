#!/usr/bin/env bash
# Side by side: the gradient of a Gaussian mixture log-likelihood (diagonal covariances, points as data) replayed
# from jgrad's compiled tape (jgrad-bench's MixtureCompare) and vectorized in PyTorch (bench/mixture_torch.py,
# float64, one thread, written two ways: broadcasting, and expanded into matrix products), one after the other for
# each size; jgrad's tensors in the matrix-product form too. Prints each side's line and the ratios jgrad / PyTorch
# (each way), jgrad / plain Java (the same function in Java doubles, value only) and jgrad tensors / PyTorch (matrix
# products both). Installs python3-torch and
# libopenblas0-pthread with apt if missing and sets OPENBLAS_NUM_THREADS=1. Not part of CI.
#
#   bench/mixture.sh                     # d K n = 20 50 1000, 10 25 10000, 64 10 1000, 64 100 1000
#   bench/mixture.sh 20 50 1000
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/peers.sh
. bench/peers.sh
install_peers torch python3-torch

./mvnw -B -q -pl jgrad-bench -am package -DskipTests
if [ $# -ge 3 ]; then sizes=("$1 $2 $3"); else sizes=("20 50 1000" "10 25 10000" "64 10 1000" "64 100 1000"); fi

echo "$(date -u +%H:%M) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for size in "${sizes[@]}"; do
  # shellcheck disable=SC2086
  torch=$("$PY" bench/mixture_torch.py $size)
  # shellcheck disable=SC2086
  jgrad=$(java -Xmx8g --add-modules jdk.incubator.vector -cp jgrad-bench/target/benchmarks.jar \
    dev.jgrad.bench.MixtureCompare $size 2>/dev/null)
  echo "pytorch: $torch"
  echo "jgrad:   $jgrad"
  "$PY" - "$torch" "$jgrad" <<'PYEOF'
import sys
torch = dict(kv.split("=") for kv in sys.argv[1].split())
jgrad = dict(kv.split("=") for kv in sys.argv[2].split())
gradient = float(jgrad["gradient_ms"])
print(f"  d={jgrad['d']} K={jgrad['K']} n={jgrad['n']}: gradient jgrad / pytorch broadcasting "
      f"{gradient / float(torch['broadcast_ms']):.2f}, / pytorch in matrix products "
      f"{gradient / float(torch['matmul_ms']):.2f}, jgrad gradient / plain Java value "
      f"{gradient / float(jgrad['plain_ms']):.1f} ({jgrad['loops']} compiled loops); jgrad tensors in matrix "
      f"products / pytorch in matrix products {float(jgrad['tensor_ms']) / float(torch['matmul_ms']):.2f}"
      f" (path={jgrad['path']})")
PYEOF
done
echo "$(date -u +%H:%M) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
