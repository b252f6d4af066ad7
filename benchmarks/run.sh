#!/usr/bin/env bash
# Runs the benchmarks; every figure is a ratio against a baseline measured in the same run.
# Usage: benchmarks/run.sh [threads] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests install -pl benchmarks -am
mvn -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
java -cp "$classpath" io.cloacina.benchmarks.SqliteContention "${1:-16}" "${2:-5}"
java -cp "$classpath" io.cloacina.benchmarks.PostgresBatchInsert
java -cp "$classpath" io.cloacina.benchmarks.BulkInsertBenchmark
