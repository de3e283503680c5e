using BroadcastOperator.Operator.Hosting;

// The BroadcastSession operator: leader-elected reconciler plus /healthz, /readyz and /metrics.
// Settings: the Operator section of appsettings or Operator__* environment variables (see OperatorOptions).
var app = OperatorHost.Build(args);
app.Run();
