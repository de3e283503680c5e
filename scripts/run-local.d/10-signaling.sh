# Signaling (KVS-compatible) on https://127.0.0.1:8443, self-signed certificate kept in .local/.
# Its operator credentials go to $LOCAL_DIR/credentials (profile broadcast-local) for any AWS client;
# the root key of scoped credentials is shared with SessionApi through $LOCAL_DIR/signaling-root-key.
[ -f "$LOCAL_DIR/signaling-root-key" ] || (umask 077; head -c 32 /dev/urandom | base64 > "$LOCAL_DIR/signaling-root-key")
SIGNALING_PORT=${SIGNALING_PORT:-8443}
start signaling env \
  Signaling__Port="$SIGNALING_PORT" \
  Signaling__CredentialsFile="$LOCAL_DIR/credentials" \
  Signaling__GeneratedCertificatePath="$LOCAL_DIR/signaling.pem" \
  Signaling__ScopedCredentialRootKey="$(cat "$LOCAL_DIR/signaling-root-key")" \
  dotnet "$(assembly Signaling)"
wait_http "https://127.0.0.1:$SIGNALING_PORT/healthz" "Signaling"
