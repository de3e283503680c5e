using BroadcastOperator.EmbeddedKube;
using BroadcastOperator.EmbeddedKube.Storage;
using Microsoft.Extensions.Logging;

// `make dev-cluster`: the embedded Kubernetes API server alone, with a kubeconfig for kubectl.
//   --port N          loopback port (default 6443, env EMBEDDED_KUBE_PORT)
//   --kubeconfig PATH write a kubeconfig there (default .local/kubeconfig)
//   --state PATH      load and persist the cluster in this file (default: memory only)
//   --pod-logs DIR    serve pods/log from the container logs the local runner writes there (env EMBEDDED_KUBE_POD_LOGS)
var port = int.Parse(Option("--port") ?? Environment.GetEnvironmentVariable("EMBEDDED_KUBE_PORT") ?? "6443", System.Globalization.CultureInfo.InvariantCulture);
var kubeconfig = Option("--kubeconfig") ?? ".local/kubeconfig";
var state = Option("--state");
var podLogs = Option("--pod-logs") ?? Environment.GetEnvironmentVariable("EMBEDDED_KUBE_POD_LOGS");

using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
EmbeddedKubeServer server;
try
{
    server = await EmbeddedKubeServer.StartAsync(new EmbeddedKubeOptions { Port = port, StateFile = state, PodLogsDirectory = podLogs }, loggerFactory);
}
catch (CorruptStateException e)
{
    await Console.Error.WriteLineAsync("refusing to start: " + e.Message);
    return 2;
}
await using var running = server;
server.WriteKubeconfig(kubeconfig);
Console.WriteLine($"embedded Kubernetes API at {server.BaseAddress} (kubeconfig {kubeconfig}{(state is null ? "" : $", state {state}")})");
Console.WriteLine($"try: kubectl --kubeconfig {kubeconfig} get ns");

await server.WaitForShutdownAsync();
return 0;

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
