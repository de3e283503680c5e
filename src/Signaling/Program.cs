using BroadcastOperator.Signaling.Hosting;

// KVS-compatible signaling: control plane, WSS data plane, /healthz, /readyz, /metrics on one HTTPS port.
var app = SignalingHost.Build(args);
app.Run();
