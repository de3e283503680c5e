# SessionApi and the pages on http://127.0.0.1:8080, development JWT issuer (make token).
# It relays each worker's captions, reaching workers through the local runner's service proxy.
# It serves the archives the workers write to .local/archive (the operator gives them the same folder).
start sessionapi env SessionApi__Kubeconfig="$LOCAL_DIR/kubeconfig" \
  Archive__Directory="$(realpath -m "$LOCAL_DIR/archive")" \
  SessionApi__WorkerServiceUrlTemplate="http://127.0.0.1:${SERVICE_PROXY_PORT:-8090}/{namespace}/{service}" \
  ASPNETCORE_URLS="http://127.0.0.1:${SESSIONAPI_PORT:-8080}" \
  Auth__DevelopmentKeyFile="$LOCAL_DIR/sessionapi-jwt.key" Credentials__RootKeyFile="$LOCAL_DIR/signaling-root-key" \
  "${TURN_SESSIONAPI_ENV[@]}" \
  dotnet "$(assembly SessionApi)"
wait_http "http://127.0.0.1:${SESSIONAPI_PORT:-8080}/healthz" "SessionApi"
