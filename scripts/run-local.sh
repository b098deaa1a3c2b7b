#!/usr/bin/env bash
# Runs the relay and the host agent on this machine, connected over TLS on loopback, applies a sample Rig and
# shows its status.
#
#   scripts/run-local.sh              start (or restart) everything, wait for the Rig to be Ready, print it, exit;
#                                     the relay and the agent keep running in the background
#   scripts/run-local.sh --foreground the same, then stay attached until Ctrl-C (which stops everything)
#   scripts/run-local.sh stop         stop what a previous run started
#
# Kubernetes: the current kube context when one answers (the CRDs are applied to it), otherwise an embedded
# Kubernetes API stand-in (fabric8's mock server). Force the stand-in with RUN_LOCAL_EMBEDDED_KUBE=1.
# Gas Town: the real `gt` when it is on PATH and a town exists (GT_TOWN_ROOT, else ~/gt), otherwise the stand-in
# town of scripts/standin in .run-local/town. Force the stand-in with RUN_LOCAL_STANDIN_GT=1.
# Everything this script makes lives in .run-local/ (logs: .run-local/*.log).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work="$repo/.run-local"
grpc_port=${RUN_LOCAL_GRPC_PORT:-18443}
health_port=${RUN_LOCAL_HEALTH_PORT:-18080}
agent_health_port=${RUN_LOCAL_AGENT_HEALTH_PORT:-19464}
host_id=${RUN_LOCAL_HOST_ID:-local}

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'run-local: %s\n' "$*" >&2; exit 1; }

stop_all() {
  for name in agent relay kube; do
    pidfile="$work/$name.pid"
    if [ -f "$pidfile" ]; then
      pid=$(cat "$pidfile")
      if kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
      fi
      rm -f "$pidfile"
    fi
  done
}

if [ "${1:-}" = "stop" ]; then
  stop_all
  echo "stopped"
  exit 0
fi
foreground=false
[ "${1:-}" = "--foreground" ] && foreground=true

scripts/install-deps.sh
mkdir -p "$work"
stop_all

log "building the relay, the host agent and the dev tools"
mvn -B -q -ntp -DskipTests -Dspotless.check.skip=true package -pl relay,host-agent,testkit -am
relay_jar="$repo/relay/target/relay-0.1.0-SNAPSHOT-all.jar"
agent_jar="$repo/host-agent/target/host-agent-0.1.0-SNAPSHOT-all.jar"
devkube_jar="$repo/testkit/target/testkit-0.1.0-SNAPSHOT-all.jar"
quiet_java=(java -XX:TieredStopAtLevel=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
  -Dorg.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils=off)

wait_for_port() { # port seconds what logfile
  for _ in $(seq $(($2 * 10))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "--- last lines of $4:" >&2; tail -n 30 "$4" >&2 || true
  die "$3 did not open port $1 in $2 s"
}

# --- Kubernetes -------------------------------------------------------------------------------------------
if [ "${RUN_LOCAL_EMBEDDED_KUBE:-0}" != 1 ] && command -v kubectl >/dev/null \
    && kubectl config current-context >/dev/null 2>&1 && kubectl version --request-timeout=5s >/dev/null 2>&1; then
  log "using the current kube context: $(kubectl config current-context)"
  kubectl apply -f helm/gastown-relay/crds/ >/dev/null
  kube() { # the few verbs this script needs
    case "$1" in
      apply) kubectl apply -f "$3" ;;
      wait) kubectl wait "$2/$3" --for=condition=Ready --timeout=90s >/dev/null \
              && kubectl get "$2" "$3" -o jsonpath='{.status}' | python3 -m json.tool ;;
      get) kubectl get "$2" "$3" -o yaml ;;
    esac
  }
  kubeconfig_env=()
else
  log "no reachable kube context: starting the embedded Kubernetes API stand-in"
  kubeconfig="$work/kubeconfig"
  rm -f "$kubeconfig"
  nohup "${quiet_java[@]}" -jar "$devkube_jar" serve --port 0 --kubeconfig "$kubeconfig" \
    --crds helm/gastown-relay/crds > "$work/kube.log" 2>&1 &
  echo $! > "$work/kube.pid"
  for _ in $(seq 300); do [ -s "$kubeconfig" ] && break; sleep 0.1; done
  [ -s "$kubeconfig" ] || { tail -n 30 "$work/kube.log" >&2; die "the embedded Kubernetes API did not start"; }
  export KUBECONFIG="$kubeconfig"
  kube() { "${quiet_java[@]}" -jar "$devkube_jar" "$@"; }
fi

# --- Gas Town ---------------------------------------------------------------------------------------------
town=${GT_TOWN_ROOT:-$HOME/gt}
if [ "${RUN_LOCAL_STANDIN_GT:-0}" != 1 ] && command -v gt >/dev/null && [ -f "$town/mayor/town.json" ]; then
  gt_bin=$(command -v gt); bd_bin=$(command -v bd || echo bd)
  log "using the real gt ($gt_bin) and the town at $town"
else
  town="$work/town"
  gt_bin="$repo/scripts/standin/gt"; bd_bin="$repo/scripts/standin/bd"
  log "using the stand-in town at $town"
  [ -f "$town/mayor/town.json" ] || "$gt_bin" install "$town" >/dev/null
fi

# --- credentials: a private CA, the relay's certificate, a bearer token for this host ----------------------
[ -f "$work/certs/relay.pem" ] || scripts/gen-certs.sh "$work/certs" >/dev/null
if [ ! -f "$work/token" ]; then
  (umask 077; openssl rand -hex 32 > "$work/token")
fi
(umask 077; printf '%s sha256:%s\n' "$host_id" "$(tr -d '\n' < "$work/token" | sha256sum | cut -d' ' -f1)" \
  > "$work/tokens")

# --- the relay --------------------------------------------------------------------------------------------
log "starting the relay (gRPC 127.0.0.1:$grpc_port, health http://127.0.0.1:$health_port)"
RELAY_BIND_ADDRESS=127.0.0.1 RELAY_GRPC_PORT=$grpc_port RELAY_HEALTH_PORT=$health_port \
RELAY_TLS_CERT_FILE="$work/certs/relay.pem" RELAY_TLS_KEY_FILE="$work/certs/relay.key" \
RELAY_TOKENS_FILE="$work/tokens" RELAY_DEFAULT_HOST=$host_id RELAY_CLUSTER_NAME=local RELAY_ID=relay-local \
  nohup java -jar "$relay_jar" > "$work/relay.log" 2>&1 &
echo $! > "$work/relay.pid"
wait_for_port "$grpc_port" 60 "the relay" "$work/relay.log"

# --- the host agent ---------------------------------------------------------------------------------------
cat > "$work/agent.yaml" <<YAML
hostId: $host_id
townRoot: $town
gt: $gt_bin
bd: $bd_bin
stateDir: $work/agent-state
observeIntervalMillis: 1000
health:
  address: 127.0.0.1
  port: $agent_health_port
relays:
  - name: local
    address: 127.0.0.1:$grpc_port
    tokenFile: $work/token
    caFile: $work/certs/ca.pem
YAML
log "starting the host agent (health http://127.0.0.1:$agent_health_port)"
# the installed service's JVM options (scripts/host-agent-jvm.options); no AppCDS archive here: the jar was just
# rebuilt, and the archive's training run would cost more than it saves once
. "$repo/scripts/jvm-options.sh"
read_jvm_options "$repo/scripts/host-agent-jvm.options"
nohup java "${jvm_opts[@]}" -jar "$agent_jar" run --config "$work/agent.yaml" > "$work/agent.log" 2>&1 &
echo $! > "$work/agent.pid"
wait_for_port "$agent_health_port" 60 "the host agent" "$work/agent.log"

# --- a sample Rig -----------------------------------------------------------------------------------------
log "applying scripts/samples/rig.yaml"
kube apply -f scripts/samples/rig.yaml
log "waiting for rig/demo-rig to be Ready"
if ! kube wait rig demo-rig --timeout 90; then
  echo "--- relay log:" >&2; tail -n 20 "$work/relay.log" >&2
  echo "--- agent log:" >&2; tail -n 20 "$work/agent.log" >&2
  die "rig/demo-rig did not become Ready"
fi
echo
echo "The relay and the host agent are running (logs in $work/). Stop them with: scripts/run-local.sh stop"
[ -n "${KUBECONFIG:-}" ] && [ "$KUBECONFIG" = "$work/kubeconfig" ] && \
  echo "Inspect the embedded API with: KUBECONFIG=$KUBECONFIG java -jar $devkube_jar get rig demo-rig"

if $foreground; then
  trap 'stop_all; exit 0' INT TERM
  echo "Attached; Ctrl-C stops everything."
  tail -f "$work/relay.log" "$work/agent.log"
fi
