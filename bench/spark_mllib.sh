#!/bin/sh
# jgrad-spark beside Spark MLlib (LogisticRegression, MultilayerPerceptronClassifier) on the same rows, split and
# number of L-BFGS iterations: held-out accuracy and seconds per L-BFGS iteration, on 1 and on 2 executor cores
# (local[1], local[2]). Run from the repository root. Sizes from the environment:
#   ROWS (default 1000000), FEATURES (10), ITERATIONS (20), HIDDEN (16), CORES ("1 2"), HEAP (-Xmx6g),
#   and for the aggregation cost (an evaluation with one row per partition): PARAMETERS, PARTITIONS (comma-separated)
# The first run downloads Spark MLlib (a Maven profile of jgrad-on-spark) besides Spark.
set -eu
rows=${ROWS:-1000000}
features=${FEATURES:-10}
iterations=${ITERATIONS:-20}
hidden=${HIDDEN:-16}
cores=${CORES:-1 2}
heap=${HEAP:--Xmx6g}
./mvnw -q -B -pl jgrad-on-spark -am package -DskipTests -Pmllib >&2
out=$(mktemp -d)
classpath="jgrad-on-spark/target/jgrad-spark.jar:$(cat jgrad-on-spark/target/mllib-classpath.txt)"
javac -nowarn -d "$out" -cp "$classpath" bench/spark/MllibComparison.java bench/spark/AggregationCost.java
opens="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED
 --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
 --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
 --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
 --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
 --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
 --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
 --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false
 -Dio.netty.tryReflectionSetAccessible=true"
run() {
    # shellcheck disable=SC2086
    java $heap $opens -Dlog4j2.configurationFile=jgrad-on-spark/conf/log4j2.properties -cp "$out:$classpath" "$@"
}
for n in $cores; do
    run MllibComparison "local[$n]" linear "$rows" "$features" "$iterations" "$hidden"
    run MllibComparison "local[$n]" nonlinear "$rows" "$features" "$iterations" "$hidden"
done
run MllibComparison "local[2]" jgrad-cli/src/test/resources/iris.csv 0 0 "$iterations" "$hidden" species
# the cost of an evaluation beyond the rows' work: parameters broadcast, partial sums up the tree
run AggregationCost "local[2]" "${PARAMETERS:-1000,100000,1000000}" "${PARTITIONS:-4,32}"
rm -rf "$out"
