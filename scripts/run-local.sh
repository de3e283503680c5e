#!/usr/bin/env bash
# `make run`: the whole system on this machine with embedded defaults.
# Starts the embedded Kubernetes API (state in .local/), applies the CRDs, then every component
# that exists in this checkout. Ctrl+C stops everything.
# Ports and the state folder can be moved (the end-to-end tests run a second system this way):
#   LOCAL_DIR (.local), KUBE_PORT (6443), SIGNALING_PORT (8443), OPERATOR_PORT (8081),
#   SERVICE_PROXY_PORT (8090), SESSIONAPI_PORT (8080); SKIP_BUILD=1 when the solution is built.
# TURN=1 adds coturn on 127.0.0.1:$TURN_PORT (3478) with minted credentials (run-local.d/05-turn.sh).
# Runs Release builds (what one measures should be what ships); CONFIGURATION=Debug runs the Debug ones
# that `make test` builds.
set -euo pipefail
cd "$(dirname "$0")/.."
LOCAL_DIR=$(realpath -m "${LOCAL_DIR:-.local}")
mkdir -p "$LOCAL_DIR/logs"
KUBE_PORT=${KUBE_PORT:-6443}
export KUBECONFIG="$LOCAL_DIR/kubeconfig"

CONFIGURATION=${CONFIGURATION:-Release}
[ "${SKIP_BUILD:-}" = 1 ] || dotnet build BroadcastOperator.sln -c "$CONFIGURATION" -nologo -v quiet -clp:ErrorsOnly

assembly() { # project folder under src/ → its built assembly
  echo "src/$1/bin/$CONFIGURATION/net10.0/BroadcastOperator.$1.dll"
}

pids=()
cleanup() {
  echo; echo "stopping..."
  # Newest first, each to its end: workers say goodbye while signaling runs, and the operator hands its
  # lease back while the API server runs (else a restarted `make run` waits a lease duration to reconcile).
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
}
trap cleanup EXIT INT TERM

start() { # name, then the command
  local name=$1; shift
  "$@" > "$LOCAL_DIR/logs/$name.log" 2>&1 &
  pids+=($!)
  echo "started $name (log $LOCAL_DIR/logs/$name.log)"
}

wait_http() { # url, what
  for _ in $(seq 1 120); do
    curl -ksf "$1" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "$2 did not come up; see $LOCAL_DIR/logs/"; exit 1
}

# Worker pods' logs: the local runner writes them to $LOCAL_DIR/pods (kubelet layout, CRI format), the API
# server serves them from there as pods/log (kubectl logs).
start kube-api dotnet "$(assembly EmbeddedKube)" \
  --port "$KUBE_PORT" --kubeconfig "$KUBECONFIG" --state "$LOCAL_DIR/cluster-state.json" --pod-logs "$LOCAL_DIR/pods"
wait_http "http://127.0.0.1:$KUBE_PORT/readyz" "the embedded Kubernetes API"
kubectl apply -f config/crds/ >/dev/null
echo "CRDs applied"

# Components are started here as they land (Signaling, Operator with the local pod runner, SessionApi).
for component in scripts/run-local.d/*.sh; do
  [ -f "$component" ] && source "$component"
done

cat <<INFO

BroadcastOperator is running on this machine.
  Kubernetes API   http://127.0.0.1:$KUBE_PORT   (export KUBECONFIG=$KUBECONFIG)
  Speaker page     http://localhost:${SESSIONAPI_PORT:-8080}/speaker.html   (token: make token SUB=alice ROLE=speaker)
  Listener page    http://localhost:${SESSIONAPI_PORT:-8080}/listener.html
  try:             kubectl apply -f config/samples/ && kubectl get bcs
Ctrl+C stops everything.
INFO
wait
