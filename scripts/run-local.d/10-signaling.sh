# Signaling (KVS-compatible) on https://127.0.0.1:8443, self-signed certificate kept in .local/; a certificate of your own
# (the end-to-end test's, issued by its test CA) through Signaling__CertificatePath and Signaling__CertificateKeyPath in the environment.
# Its operator credentials go to $LOCAL_DIR/credentials (profile broadcast-local) for any AWS client;
# the root key of scoped credentials is shared with SessionApi through $LOCAL_DIR/signaling-root-key.
[ -f "$LOCAL_DIR/signaling-root-key" ] || (umask 077; head -c 32 /dev/urandom | base64 > "$LOCAL_DIR/signaling-root-key")
SIGNALING_PORT=${SIGNALING_PORT:-8443}
start signaling env \
  Signaling__Port="$SIGNALING_PORT" \
  Signaling__CredentialsFile="$LOCAL_DIR/credentials" \
  Signaling__GeneratedCertificatePath="$LOCAL_DIR/signaling.pem" \
  Signaling__StateFile="$LOCAL_DIR/signaling-state.json" \
  Signaling__ScopedCredentialRootKey="$(cat "$LOCAL_DIR/signaling-root-key")" \
  "${TURN_SIGNALING_ENV[@]}" \
  dotnet "$(assembly Signaling)"
wait_http "https://127.0.0.1:$SIGNALING_PORT/healthz" "Signaling"
