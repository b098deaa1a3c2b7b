#!/usr/bin/env bash
# Benchmarks of the design's targets (docs/benchmarks.md). Not part of the test command.
#
#   scripts/bench.sh              full run (≈ 10 min on 2 cores)
#   scripts/bench.sh --quick      smaller scales and samples (< 1 min once built)
#   scripts/bench.sh --no-build   use the jars already in */target
#
# Harness flags (passed through): --out FILE.json, --delay-ms N (stand-in cost per gt call, default 20),
# --observe-ms N (the agent's observation period; default: the agent's own), --poll-requeue-s N and
# --poll-workers N (the per-resource polling comparator, default 10 s and 3), --jfr (flight recordings of the
# relay and the agent in bench/target/bench-run/*.jfr), --only idle,latency,state,polecats,resync,footprint,cycle.
#
# It builds the relay, the host agent, the testkit and the harness, then runs the harness, which starts the
# embedded Kubernetes API (in its own JVM), the stand-in town (real tmux) and the relay and the host agent as
# separate JVMs from their shaded jars, all on loopback. The table goes to stdout, the JSON to
# bench/target/bench-results.json (and a .md beside it). Everything it starts is stopped when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

build=true
quick=false
args=()
for a in "$@"; do
  case "$a" in
    --no-build) build=false ;;
    --quick) quick=true; args+=("$a") ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) args+=("$a") ;;
  esac
done

for tool in java tmux /usr/bin/python3 openssl bash; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
done

if $build; then
  echo "bench: building relay, host-agent, testkit and bench (mvn package -DskipTests)" >&2
  mvn -B -q -ntp -pl relay,host-agent,testkit,bench -am package -DskipTests -Dspotless.check.skip=true
fi
built=$(ls "$repo"/bench/target/bench-*-all.jar 2>/dev/null | head -n 1)
[ -n "$built" ] || { echo "bench: no bench/target/bench-*-all.jar; run without --no-build" >&2; exit 1; }
# Run from a copy: a JVM loads classes lazily from its jar, and a rebuild must not pull it away mid-run.
mkdir -p "$repo/bench/target/harness"
harness="$repo/bench/target/harness/bench-all.jar"
cp "$built" "$harness"

cores=$(nproc)
load=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load" -v c="$cores" 'BEGIN { exit !(l > c / 2) }'; then
  echo "bench: warning: load average $load on $cores cores; other work will skew the figures" >&2
fi

# A hard limit on top of the harness's own timeouts, so a wedged run cannot linger.
if $quick; then limit=300; else limit=1500; fi
work="$repo/bench/target/bench-run"

cleanup() {
  if [ -n "${pgid:-}" ]; then
    kill -TERM -- "-$pgid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pgid" 2>/dev/null || true
  fi
  # the stand-in town's tmux server daemonises out of the process group
  if [ -f "$work/tmux-socket" ]; then
    tmux -L "$(cat "$work/tmux-socket")" kill-server 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# setsid: the harness and every process it starts share a new process group that cleanup() can end at once.
setsid timeout --signal=TERM --kill-after=30 "$limit" \
  java -Xmx1g -XX:+UseParallelGC -Dgastown.repo.root="$repo" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Dorg.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils=off \
    -jar "$harness" "${args[@]}" &
pid=$!
pgid=$pid
wait "$pid"
