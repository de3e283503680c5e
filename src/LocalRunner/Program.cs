using BroadcastOperator.LocalRunner;
using k8s;

// The local pod runner for `make run`: the kubelet's part for MediaWorker pods, and the cluster network's
// part for their Services (a loopback HTTP proxy, see ServiceProxy).
//   --kubeconfig PATH    (LOCALRUNNER_KUBECONFIG, default .local/kubeconfig)
//   --command "CMD"      (LOCALRUNNER_COMMAND, default: dotnet BroadcastOperator.MediaWorker.dll)
//   --service-port PORT  (LOCALRUNNER_SERVICE_PORT, default 8090; 0 picks a free port)
//   --pod-logs DIR       (LOCALRUNNER_POD_LOGS, default: none, workers log to this process's output)
var defaults = new LocalRunnerOptions();
var options = defaults with
{
    Kubeconfig = Option("--kubeconfig") ?? Environment.GetEnvironmentVariable("LOCALRUNNER_KUBECONFIG") ?? defaults.Kubeconfig,
    Command = Option("--command") ?? Environment.GetEnvironmentVariable("LOCALRUNNER_COMMAND") ?? defaults.Command,
    PodLogsDirectory = Option("--pod-logs") ?? Environment.GetEnvironmentVariable("LOCALRUNNER_POD_LOGS"),
    ServicePort = int.TryParse(Option("--service-port") ?? Environment.GetEnvironmentVariable("LOCALRUNNER_SERVICE_PORT"), out var port)
        ? port : defaults.ServicePort,
};
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true);
builder.WebHost.UseUrls($"http://127.0.0.1:{options.ServicePort}");
builder.Services.AddSingleton<IKubernetes>(new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig)));
builder.Services.AddSingleton(options);
builder.Services.AddSingleton<PodRunner>();
builder.Services.AddSingleton<ServiceProxy>();
await using var app = builder.Build();
app.Services.GetRequiredService<ServiceProxy>().Map(app);
await app.StartAsync();
Console.WriteLine($"local pod runner: pods labelled {options.LabelSelector} via {options.Kubeconfig}; services at {string.Join(", ", app.Urls)}");
var runner = app.Services.GetRequiredService<PodRunner>();
await runner.RunAsync(app.Lifetime.ApplicationStopping);
await app.StopAsync();
return 0;

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
