#!/usr/bin/env bash
# `make run`: the whole system on this machine with embedded defaults.
# Starts the embedded Kubernetes API (state in .local/), applies the CRDs, then every component
# that exists in this checkout. Ctrl+C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .local/logs
KUBE_PORT=${KUBE_PORT:-6443}
export KUBECONFIG="$PWD/.local/kubeconfig"

dotnet build BroadcastOperator.sln -nologo -v quiet -clp:ErrorsOnly

pids=()
cleanup() {
  echo; echo "stopping..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

start() { # name, then the command
  local name=$1; shift
  "$@" > ".local/logs/$name.log" 2>&1 &
  pids+=($!)
  echo "started $name (log .local/logs/$name.log)"
}

wait_http() { # url, what
  for _ in $(seq 1 120); do
    curl -ksf "$1" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "$2 did not come up; see .local/logs/"; exit 1
}

start kube-api dotnet src/EmbeddedKube/bin/Debug/net10.0/BroadcastOperator.EmbeddedKube.dll \
  --port "$KUBE_PORT" --kubeconfig .local/kubeconfig --state .local/cluster-state.json
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
  try:             kubectl apply -f config/samples/ && kubectl get bcs
Ctrl+C stops everything.
INFO
wait
