#!/bin/sh
# Times `jgrad train` with one or more builds of jgrad.jar on iris and the data of bench/train_data.py.
#   bench/train_compare.sh OLD.jar NEW.jar ...   (e.g. a jar built at an older commit, and jgrad-cli/target/jgrad.jar)
# For each jar and data set: one fresh JVM per command (wall time, and user + system CPU time from /usr/bin/time),
# then the same command run 6 times in one JVM by bench/TrainTimer.java (CPU time of the running thread per run; the
# last runs are warmed up). On big.csv, 1 and 3 epochs, so the cost of an epoch is the difference.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=${TMPDIR:-/tmp}/jgrad-train-bench
mkdir -p "$work/timer" "$work/out"
python3 "$root/bench/train_data.py" "$work/data"
iris="$root/jgrad-cli/src/test/resources/iris.csv"
for jar in "$@"; do
    javac -cp "$jar" -d "$work/timer" "$root/bench/TrainTimer.java"
    while read -r name args; do
        # shellcheck disable=SC2086
        /usr/bin/time -f "$jar $name fresh wall=%e user=%U sys=%S" java -Djava.awt.headless=true \
            --add-modules jdk.incubator.vector -jar "$jar" train $args --json --out "$work/out" 2>&1 >/dev/null | tail -n 1
        # shellcheck disable=SC2086
        echo "$jar $name in-process $(java -Djava.awt.headless=true --add-modules jdk.incubator.vector \
            -cp "$jar:$work/timer" dev.jgrad.cli.TrainTimer 6 train $args --json --out "$work/out" 2>/dev/null)"
    done <<LIST
iris --csv $iris --target species
linear --csv $work/data/linear.csv --target y --task regress --seed 1
curved --csv $work/data/curved.csv --target y --task regress --seed 1
ring --csv $work/data/ring.csv --target y --seed 1
big1 --csv $work/data/big.csv --target y --epochs 1
big3 --csv $work/data/big.csv --target y --epochs 3
LIST
done
