#!/bin/sh
# jgrad's L-BFGS next to SciPy's L-BFGS-B on the same problems, starts and stopping rules: iterations, evaluations
# of value and gradient, and final value minus the known minimum. Run from the repository root after
# ./mvnw -q -B -pl jgrad-core test-compile
set -e
java -cp jgrad-core/target/classes:jgrad-core/target/test-classes dev.jgrad.examples.LbfgsCounts | cut -f1-4 > /tmp/lbfgs_jgrad.$$
python3 bench/lbfgs_scipy.py | cut -f2-4 > /tmp/lbfgs_scipy.$$
paste /tmp/lbfgs_jgrad.$$ /tmp/lbfgs_scipy.$$ | awk -F'\t' 'NR == 1 { printf "%-18s %22s %22s %22s\n", "problem", "iterations jgrad/scipy", "evaluations jgrad/scipy", "f - f* jgrad/scipy"; next }
    { printf "%-18s %22s %22s %22s\n", $1, $2 " / " $5, $3 " / " $6, $4 " / " $7 }'
rm -f /tmp/lbfgs_jgrad.$$ /tmp/lbfgs_scipy.$$
