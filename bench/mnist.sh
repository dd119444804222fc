#!/usr/bin/env bash
# Side by side: `jgrad mnist` and the same training in PyTorch (bench/mnist_torch.py: same digits, split, networks,
# initialisation, Adam 1e-3, batch 64, float32, one thread), one after the other in one run. Prints, for each, the
# test accuracy and the mean wall-clock and process CPU seconds per epoch, and the ratios jgrad / PyTorch of both
# (below 1: jgrad is faster; jgrad's CPU seconds include the JIT compiler's threads). Installs python3-torch and
# libopenblas0-pthread with apt if missing (without the latter, Debian's PyTorch runs the reference BLAS) and sets
# OPENBLAS_NUM_THREADS=1. Not part of CI.
#
#   bench/mnist.sh                  # cnn, 10 epochs
#   bench/mnist.sh mlp 30
#   SEED=2 bench/mnist.sh cnn 10
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:-cnn}
EPOCHS=${2:-10}
SEED=${SEED:-1}
# shellcheck source=bench/peers.sh
. bench/peers.sh
install_peers torch python3-torch

./mvnw -B -q -pl jgrad-cli -am package -DskipTests
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "$(date -u +%H:%M) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
torch=$("$PY" bench/mnist_torch.py "$MODEL" "$EPOCHS" "$SEED")
echo "pytorch: $torch"
jgrad=$(./jgrad mnist --model "$MODEL" --epochs "$EPOCHS" --seed "$SEED" --json --out "$out" 2>/dev/null)
echo "jgrad:   $jgrad"
echo "$(date -u +%H:%M) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$PY" - "$torch" "$jgrad" <<'PYEOF'
import json, sys
torch = dict(kv.split("=") for kv in sys.argv[1].split())
jgrad = json.loads(sys.argv[2])
print(f"{torch['model']}, {torch['epochs']} epochs: test accuracy pytorch {100 * float(torch['test_accuracy']):.2f}%, "
      f"jgrad {100 * jgrad['test']['accuracy']:.2f}%; seconds per epoch (wall / CPU) pytorch "
      f"{float(torch['epoch_seconds']):.2f} / {float(torch['epoch_cpu_seconds']):.2f}, jgrad "
      f"{jgrad['epoch_seconds']:.2f} / {jgrad['epoch_cpu_seconds']:.2f}; ratio jgrad / pytorch (wall / CPU) "
      f"{jgrad['epoch_seconds'] / float(torch['epoch_seconds']):.2f} / "
      f"{jgrad['epoch_cpu_seconds'] / float(torch['epoch_cpu_seconds']):.2f}")
PYEOF
