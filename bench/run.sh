#!/usr/bin/env bash
# The benchmark in one command: builds the server jar and the benchmark (profile "bench"), then runs the full
# benchmark against the real server jar and writes bench/RESULTS.md. Arguments go to the benchmark
# (bench/run.sh --help lists them; e.g. bench/run.sh --events 200000 for a quick run).
# BENCH_MVN_FLAGS adds Maven flags, e.g. BENCH_MVN_FLAGS=-o to build offline.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck disable=SC2086
mvn -q -B ${BENCH_MVN_FLAGS:-} -Pbench -pl app,bench -am package -DskipTests
exec java -jar bench/target/bench.jar "$@"
