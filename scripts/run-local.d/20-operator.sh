# The operator (leader election on, one replica here) and the local pod runner, which plays the
# kubelet for MediaWorker pods: each worker runs as a process with its Pod's environment.
# Workers find the signaling credentials and the embedded API through the inherited environment.
export AWS_SHARED_CREDENTIALS_FILE="$LOCAL_DIR/credentials" AWS_PROFILE=broadcast-local AWS_REGION=us-east-1
export BROADCAST_SIGNALING_INSECURE_TLS=true
start operator env ASPNETCORE_URLS="http://127.0.0.1:${OPERATOR_PORT:-8081}" \
  Operator__Kubeconfig="$LOCAL_DIR/kubeconfig" \
  Operator__Embedded__Endpoint="https://127.0.0.1:${SIGNALING_PORT:-8443}" \
  Operator__Embedded__CredentialsFile="$LOCAL_DIR/credentials" \
  Operator__Embedded__InsecureSkipTlsVerify=true \
  Operator__Worker__SignalingCredentialsFile="$LOCAL_DIR/credentials" \
  Operator__Worker__SignalingProfile=broadcast-local \
  Operator__Worker__ArchiveDirectory="$(realpath -m "$LOCAL_DIR/archive")" \
  dotnet "$(assembly Operator)"
wait_http "http://127.0.0.1:${OPERATOR_PORT:-8081}/healthz" "the operator"
# It also routes http://127.0.0.1:$SERVICE_PROXY_PORT/{namespace}/{service}/… to the worker a Service selects.
SERVICE_PROXY_PORT=${SERVICE_PROXY_PORT:-8090}
start local-runner dotnet "$(assembly LocalRunner)" --kubeconfig "$LOCAL_DIR/kubeconfig" \
  --service-port "$SERVICE_PROXY_PORT" --pod-logs "$LOCAL_DIR/pods"
