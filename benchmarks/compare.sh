#!/usr/bin/env bash
# Measures this working tree's SQLite transaction core against an earlier commit's, in one JVM
# (SqliteDesignComparison): the earlier cloacina-spring-boot-autoconfigure jar is built in a
# temporary git worktree and loaded in a class loader of its own; HikariCP, sqlite-jdbc and Spring
# are this build's. Output lines as benchmarks/run.sh prints them.
#
# Usage: benchmarks/compare.sh <git-ref> [quick|long]
#        BENCH_JAVA_OPTS="-Dbench.workloads=contention -Dbench.rounds=15" benchmarks/compare.sh <git-ref> long
set -euo pipefail
cd "$(dirname "$0")/.."
ref="${1:?usage: benchmarks/compare.sh <git-ref> [quick|long]}"
mode="${2:-quick}"
case "$mode" in quick|long) ;; *) echo "usage: $0 <git-ref> [quick|long]" >&2; exit 2 ;; esac
mvn -B -q -pl benchmarks -am -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
work=$(mktemp -d)
cleanup() {
  git worktree remove --force "$work/tree" > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
git worktree add -q --detach "$work/tree" "$ref"
(cd "$work/tree" && mvn -B -q -pl autoconfigure -DskipTests package)
jar=$(ls "$work"/tree/autoconfigure/target/cloacina-spring-boot-autoconfigure-*.jar | grep -v -- '-tests.jar' | head -1)
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
echo "# cloacina design comparison, mode=$mode, this tree ($(git rev-parse --short HEAD)$(git diff --quiet || echo '+changes')) vs $ref ($(git rev-parse --short "$ref")), $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
java ${BENCH_JAVA_OPTS:-} -Dbench.mode="$mode" -Dbench.previous.jar="$jar" -Dbench.previous.ref="$ref" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath" io.cloacina.benchmarks.SqliteDesignComparison 2>&1 \
  | grep --line-buffered -E '^(BENCH|RATIO|CHECK|#|Exception|Caused by|	at )' || true
