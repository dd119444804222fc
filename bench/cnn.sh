#!/usr/bin/env bash
# Side by side: one forward + backward of a small MNIST CNN (batch 64; see CnnStep.java) in jgrad and in PyTorch,
# one thread each, float32 then float64, in one run. Prints each median thread CPU time and the ratio jgrad / PyTorch
# (below 1: jgrad is faster). Needs /usr/bin/python3 with torch. Not part of CI.
#
#   bench/cnn.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl jgrad-bench -am package -DskipTests
for dtype in float32 float64; do
  torch=$(/usr/bin/python3 bench/cnn_torch.py "$dtype")
  jgrad=$(java --add-modules jdk.incubator.vector -cp jgrad-bench/target/benchmarks.jar dev.jgrad.bench.CnnStep \
    "$dtype" 2>/dev/null)
  t=${torch##*ms=}
  j=${jgrad##*ms=}
  echo "cnn step $dtype: pytorch $t ms, jgrad $j ms, ratio $(/usr/bin/python3 -c "print(f'{$j / $t:.2f}')")"
done
