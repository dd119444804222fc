#!/usr/bin/env bash
# The issue's programs in one pass (issue 12): per program its compiled loops and bytes per instruction (TapeBytes,
# loops on), its gradient against the plain Java function (ReplayProbe, fastest of 3 s of back-to-back runs), then the
# issue's largest mixture at its full size (64 dimensions, 100 components, 16,000 points: 417 million instructions)
# recorded in an 8 GB heap. A check that a change kept what items 2 and 3 ask of these programs (replay within 5 times
# the plain function, the large recording fitting); what each figure was before is in BENCHMARKS.md. A change that
# loses loops shows as fewer compiled loops and more workspace bytes per instruction, as the d = 64, K = 100 mixture
# once did (1,099 loops of 100,000, 16 bytes per instruction, 70 times the plain function). About four and a half
# minutes; not part of CI. Recording times: bench/recording.sh.
#
#   bench/issue12.sh
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -q -pl jgrad-bench -am package -DskipTests
jar=jgrad-bench/target/benchmarks.jar
programs=(mlp mlp-data mixture mixture-data mixture-data:10:25:10000 mixture-data:64:10:1000 mixture-data:64:100:1000
  triangle random rosenbrock)

echo "$(date -u +%H:%M) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for program in "${programs[@]}"; do
  java -Xmx8g -cp "$jar" dev.jgrad.bench.TapeBytes "$program" on
done
# item 3 for a program that does not loop: recorded lean (Tape.traceLean), bytes per operation
java -Xmx8g -cp "$jar" dev.jgrad.bench.TapeBytes random lean
java -Xmx8g -Dseconds=3 -cp "$jar" dev.jgrad.bench.ReplayProbe "${programs[@]}"
# item 2 beyond the issue's sizes: MLP steps, convolutions and a traced matrix product whose kernels a change to the
# code generator or the loops' settlement moves (64-32-10 replayed at 6 times the plain function while its reverse
# sweep recomputed each unit's dot product, a convolution of 64 taps at 24 while its kernel took a parameter per tap)
java -Xmx8g -Dseconds=2 -cp "$jar" dev.jgrad.bench.ReplayProbe mlp-data:64:32:10:64 mlp-data:64:64:10:64 \
  mlp-data:20:20:5:256 matmul:60 conv:10000:32 conv:5000:64
# points that fit one body, one flat loop over them (a loop per point before: 3.2 and 6.5 times the plain function);
# the kernel is called once per replay and C2 compiles it after some 600 calls, so it is given seconds
java -Xmx8g -Dseconds=8 -cp "$jar" dev.jgrad.bench.ReplayProbe mixture-data:8:5:3333 conv:5000:70
java -Xmx8g -cp "$jar" dev.jgrad.bench.TapeBytes mixture-data:64:100:16000 on
