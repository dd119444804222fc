#!/usr/bin/env bash
# Recording with compiled loops on against off (issue 12, item 1), the way a user records: one mode per JVM, JVMs of
# the two modes alternating so that both see the same load. Each JVM prints its fastest main-thread recording after
# three warm-up rounds (jgrad-bench's ScaleProbe P ROUNDS off|on); the script prints, per program, the median over
# the JVMs of each mode and the ratio on / off of the medians. This machine moves a JVM's figure by 10-40% from one
# run to the next, so take the ratios as +-0.1. Not part of CI; about two minutes per program with the defaults.
# The heap is touched once as the JVM starts and kept (HEAP, by default -Xms6g -Xmx6g -XX:+AlwaysPreTouch), as in a
# process that has recorded before: on memory touched for the first time, page faults cost each recording in
# proportion to the bytes it allocates, and loops off allocates more, which hides part of what loops on costs.
#
#   bench/recording.sh                          # random triangle mixture mlp, 5 JVMs per mode, 12 rounds each
#   bench/recording.sh random-local random-global random-unary   # more random programs without loops
#   JVMS=3 ROUNDS=6 bench/recording.sh mixture-data:64:10:1000
#   JVMS=3 ROUNDS=40 bench/recording.sh mixture-data:24:8:750 matmul:64   # short runs that make no loop: the detector idles
#   JVMS=3 ROUNDS=100 bench/recording.sh mixture-data:16:10:3000   # the JIT compiles the loop path for some 10 s: a
#                                           # recording of 60 ms needs 100 rounds to be timed at its speed
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -q -pl jgrad-bench -am package -DskipTests
if [ $# -ge 1 ]; then programs=("$@"); else programs=(random triangle mixture mlp); fi
jvms=${JVMS:-5}
rounds=${ROUNDS:-12}
read -r -a heap <<< "${HEAP:--Xms6g -Xmx6g -XX:+AlwaysPreTouch}"

echo "$(date -u +%H:%M) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg), heap ${heap[*]}"
for program in "${programs[@]}"; do
  off=()
  on=()
  for _ in $(seq "$jvms"); do
    for mode in off on; do
      ms=$(java "${heap[@]}" -cp jgrad-bench/target/benchmarks.jar dev.jgrad.bench.ScaleProbe "$program" "$rounds" "$mode" \
        | tail -1 | sed -n 's/.* ms=\([0-9.]*\) .*/\1/p')
      if [ "$mode" = off ]; then off+=("$ms"); else on+=("$ms"); fi
    done
  done
  python3 - "$program" "${off[*]}" "${on[*]}" <<'PYEOF'
import statistics
import sys
program, off, on = sys.argv[1], [float(v) for v in sys.argv[2].split()], [float(v) for v in sys.argv[3].split()]
print(f"{program}: loops off median {statistics.median(off):.1f} ms {sorted(off)}, loops on median "
      f"{statistics.median(on):.1f} ms {sorted(on)}, on / off {statistics.median(on) / statistics.median(off):.2f}")
PYEOF
done
