# TURN=1: coturn on 127.0.0.1:$TURN_PORT (3478, UDP and TCP), relaying on loopback only, for trying relay-only paths
# (iceTransportPolicy 'relay') on this machine. It checks TURN REST credentials (use-auth-secret): Signaling and SessionApi
# mint one per listener and speaker with the secret it shares with them, generated once into $LOCAL_DIR/turn-secret.
# Off by default; then neither service hands out a TURN server.
TURN_SIGNALING_ENV=() TURN_SESSIONAPI_ENV=()
if [ "${TURN:-0}" = 1 ]; then
  command -v turnserver >/dev/null || { echo "TURN=1 needs coturn (scripts/install-deps.sh installs it)"; exit 1; }
  TURN_PORT=${TURN_PORT:-3478}
  mkdir -p "$LOCAL_DIR/turn"
  [ -f "$LOCAL_DIR/turn-secret" ] || (umask 077; head -c 48 /dev/urandom | base64 | tr -d '/+=' > "$LOCAL_DIR/turn-secret")
  turn_secret=$(cat "$LOCAL_DIR/turn-secret")
  # The configuration holds the secret, so only its owner reads it; database and pid file stay in the state folder.
  (umask 077; cat > "$LOCAL_DIR/turn/turnserver.conf" <<CONF
listening-ip=127.0.0.1
relay-ip=127.0.0.1
listening-port=$TURN_PORT
min-port=${TURN_MIN_PORT:-49160}
max-port=${TURN_MAX_PORT:-49359}
realm=broadcast.local
use-auth-secret
static-auth-secret=$turn_secret
fingerprint
no-tls
no-dtls
no-cli
no-multicast-peers
allow-loopback-peers
userdb=$LOCAL_DIR/turn/turndb
pidfile=$LOCAL_DIR/turn/turnserver.pid
log-file=stdout
simple-log
CONF
)
  start turn turnserver -c "$LOCAL_DIR/turn/turnserver.conf"
  turn_urls=("turn:127.0.0.1:$TURN_PORT?transport=udp" "turn:127.0.0.1:$TURN_PORT?transport=tcp")
  for i in "${!turn_urls[@]}"; do
    TURN_SIGNALING_ENV+=("Signaling__Turn__Uris__$i=${turn_urls[i]}")
    TURN_SESSIONAPI_ENV+=("SessionApi__Turn__Urls__$i=${turn_urls[i]}")
  done
  TURN_SIGNALING_ENV+=("Signaling__Turn__SharedSecret=$turn_secret")
  TURN_SESSIONAPI_ENV+=("SessionApi__Turn__SharedSecret=$turn_secret")
fi
