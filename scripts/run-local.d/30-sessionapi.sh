# SessionApi and the pages on http://127.0.0.1:8080, development JWT issuer (make token).
start sessionapi env SessionApi__Kubeconfig="$PWD/.local/kubeconfig" \
  dotnet src/SessionApi/bin/Debug/net10.0/BroadcastOperator.SessionApi.dll
wait_http "http://127.0.0.1:8080/healthz" "SessionApi"
