#!/usr/bin/env bash
# Runs Intermission's benchmarks; results go to benchmarks/target/results (JSON, plus a Markdown table each).
#
#   benchmarks/run.sh jmh           # JMH: the filter's decision, doFilter, the status read
#   benchmarks/run.sh http          # HTTP load with wrk: bare, filter off, classic filter, 503 path; H2 and PostgreSQL
#   benchmarks/run.sh propagation   # two instances on one PostgreSQL: commit on A to first 503 (or 200) on B
#   benchmarks/run.sh window        # downtime of a migration window around a 3 s migration
#   benchmarks/run.sh recovery      # two instances, 10 database outages: database back to both fresh, at 1 s and 200 ms
#   benchmarks/run.sh cli           # start-up of 'intermission status' on a local H2 file and PostgreSQL, against a JVM printing hello and one that only connects
#   benchmarks/run.sh all           # all six, in that order
#
# Environment: RESULTS_DIR (default benchmarks/target/results), JAVA_OPTS (extra JVM options for the harnesses),
# JMH_OPTS (default "-f 1 -wi 3 -w 1s -i 5 -r 1s"), SKIP_BUILD=1 (reuse the last build).
# For jmh, further arguments are benchmark name patterns (default: every benchmark).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
what="${1:-}"
shift || true
results="${RESULTS_DIR:-$here/target/results}"

usage() {
  echo "usage: benchmarks/run.sh <jmh|http|propagation|window|recovery|cli|all>" >&2
  exit 2
}

case "$what" in
  jmh|http|propagation|window|recovery|cli|all) ;;
  *) usage ;;
esac

need_wrk() {
  if command -v wrk >/dev/null 2>&1; then
    return
  fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "wrk is missing: installing it from the distribution's packages..."
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  fi
  if ! command -v wrk >/dev/null 2>&1; then
    echo "error: the HTTP benchmark needs wrk; install it (for example: sudo apt-get install -y wrk) and rerun" >&2
    exit 3
  fi
}

build() {
  if [ "${SKIP_BUILD:-0}" != "1" ] || [ ! -f "$here/target/classpath.txt" ]; then
    echo "Building (mvn -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests)..."
    (cd "$root" && mvn -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests)
  fi
  cp="$here/target/classes:$(cat "$here/target/classpath.txt")"
  # The library logs through System.Logger: at WARNING only, like the other libraries (simplelogger.properties).
  jul="-Djava.util.logging.config.file=$here/target/classes/logging.properties"
  mkdir -p "$results"
}

load() {
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $1 $2: $(uptime)" | tee -a "$results/load.txt"
}

harness() {
  # shellcheck disable=SC2086
  java "$jul" ${JAVA_OPTS:-} -cp "$cp" -Dresults.dir="$results" "$@"
}

run_jmh() {
  load jmh before
  local patterns=("$@")
  if [ ${#patterns[@]} -eq 0 ]; then
    patterns=('dev\.intermission\.benchmarks\.jmh\..*Benchmark')
  fi
  # shellcheck disable=SC2086
  java "$jul" -cp "$cp" org.openjdk.jmh.Main ${JMH_OPTS:--f 1 -wi 3 -w 1s -i 5 -r 1s} -prof gc \
    -rf json -rff "$results/jmh.json" "${patterns[@]}"
  harness dev.intermission.benchmarks.jmh.JmhReport "$results/jmh.json"
  load jmh after
}

run_http() {
  need_wrk
  load http before
  harness dev.intermission.benchmarks.http.HttpLoadBenchmark
  load http after
}

run_propagation() {
  load propagation before
  harness dev.intermission.benchmarks.propagation.PropagationBenchmark
  load propagation after
}

run_cli() {
  if [ "${SKIP_BUILD:-0}" != "1" ] || [ ! -f "$root/cli/target/intermission-cli.jar" ]; then
    echo "Building the CLI (mvn -B -q -pl cli -am package -DskipTests)..."
    (cd "$root" && mvn -B -q -pl cli -am package -DskipTests)
  fi
  load cli before
  harness -Dcli.target="$root/cli/target" dev.intermission.benchmarks.cli.CliStartupBenchmark
  load cli after
}

run_window() {
  load window before
  harness dev.intermission.benchmarks.window.WindowDowntimeBenchmark
  load window after
}

run_recovery() {
  # RECOVERY_FAULT=cut cuts a TCP relay instead of stopping the server; RECOVERY_POOL=unpooled gives the instances
  # a DataSource that connects for every use instead of the library's own pool.
  load recovery before
  harness -Drecovery.fault="${RECOVERY_FAULT:-stop}" -Drecovery.pool="${RECOVERY_POOL:-own}" \
    dev.intermission.benchmarks.recovery.RecoveryBenchmark
  load recovery after
}

if [ "$what" = "http" ] || [ "$what" = "all" ]; then
  need_wrk
fi
build
case "$what" in
  jmh) run_jmh "$@" ;;
  http) run_http ;;
  propagation) run_propagation ;;
  window) run_window ;;
  recovery) run_recovery ;;
  cli) run_cli ;;
  all)
    run_jmh
    run_http
    run_propagation
    run_window
    run_recovery
    run_cli
    ;;
esac
echo "Results in $results"
