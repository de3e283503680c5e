namespace BroadcastOperator.LocalRunner;

/// <summary>Settings of the local pod runner; each from a command-line flag or an environment variable.</summary>
public sealed record LocalRunnerOptions
{
    /// <summary>Kubeconfig of the cluster to serve (--kubeconfig, LOCALRUNNER_KUBECONFIG). Default .local/kubeconfig.</summary>
    public string Kubeconfig { get; init; } = ".local/kubeconfig";

    /// <summary>
    /// Shell command that starts one worker (--command, LOCALRUNNER_COMMAND), run with the Pod's environment
    /// plus PORT, ASPNETCORE_URLS and BROADCAST_HTTP_PORT set to a free loopback port. Default: the
    /// MediaWorker built next to this runner, `dotnet …/BroadcastOperator.MediaWorker.dll`.
    /// </summary>
    public string Command { get; init; } = DefaultCommand();

    /// <summary>Pods this runner plays the kubelet for.</summary>
    public string LabelSelector { get; init; } = "app.kubernetes.io/component=media-worker";

    /// <summary>Loopback port of the Service proxy (--service-port, LOCALRUNNER_SERVICE_PORT). Default 8090.</summary>
    public int ServicePort { get; init; } = 8090;

    /// <summary>
    /// Folder of the workers' logs (--pod-logs, LOCALRUNNER_POD_LOGS), kept per pod, container and run
    /// in the kubelet's layout for the API server to serve as pods/log. Null leaves the workers'
    /// output on this runner's own. `make run` points both at .local/pods.
    /// </summary>
    public string? PodLogsDirectory { get; init; }

    /// <summary>Bound of one log file before it is rotated (the kubelet's containerLogMaxSize, 10 MiB).</summary>
    public long PodLogMaxBytes { get; init; } = ContainerLogWriter.DefaultMaxBytes;

    /// <summary>Delay before the first restart of an exited worker, doubled for each further one up to <see cref="MaxRestartBackoff"/>.</summary>
    public TimeSpan RestartBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRestartBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often pods are compared with running processes.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    private static string DefaultCommand()
    {
        // In a checkout this runner lives in src/LocalRunner/bin/<configuration>/<framework>/: the worker of the same build
        // is in src/MediaWorker/bin/<configuration>/<framework>/.
        var framework = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var configuration = framework.Parent?.Name ?? "Debug";
        var candidates = new[]
        {
            Path.Combine(AppContext.BaseDirectory, "BroadcastOperator.MediaWorker.dll"),
            Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../MediaWorker/bin", configuration, framework.Name,
                "BroadcastOperator.MediaWorker.dll")),
        };
        var dll = candidates.FirstOrDefault(File.Exists) ?? candidates[0];
        return $"exec dotnet \"{dll}\"";
    }
}
