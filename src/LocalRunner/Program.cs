using BroadcastOperator.LocalRunner;
using k8s;
using Microsoft.Extensions.Logging;

// The local pod runner for `make run`: the kubelet's part for MediaWorker pods only.
//   --kubeconfig PATH  (LOCALRUNNER_KUBECONFIG, default .local/kubeconfig)
//   --command "CMD"    (LOCALRUNNER_COMMAND, default: dotnet BroadcastOperator.MediaWorker.dll)
var defaults = new LocalRunnerOptions();
var options = defaults with
{
    Kubeconfig = Option("--kubeconfig") ?? Environment.GetEnvironmentVariable("LOCALRUNNER_KUBECONFIG") ?? defaults.Kubeconfig,
    Command = Option("--command") ?? Environment.GetEnvironmentVariable("LOCALRUNNER_COMMAND") ?? defaults.Command,
};
using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true));
using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig));
using var runner = new PodRunner(client, options, loggerFactory.CreateLogger<PodRunner>());
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
Console.WriteLine($"local pod runner: pods labelled {options.LabelSelector} via {options.Kubeconfig}");
await runner.RunAsync(stop.Token);
return 0;

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
