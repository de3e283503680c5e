using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace BroadcastOperator.EndToEnd.Tests.Faults;

/// <summary>
/// The system `make run` starts (<see cref="LocalSystem"/>), with what a fault test needs: its components' processes to
/// kill and start again (as a Deployment's kubelet would), sessions to create and read through kubectl, and every object
/// of the API counted. Components started again here are stopped here, before the script stops the rest.
/// </summary>
internal sealed class FaultSystem : IAsyncDisposable
{
    private readonly List<Process> _restarted = [];

    private FaultSystem(LocalSystem system)
    {
        System = system;
        Tools = new SystemTools(system);
    }

    public LocalSystem System { get; }

    public SystemTools Tools { get; }

    /// <summary>Starts the system in its own folder under the test's artifacts; <paramref name="environment"/> reaches every component.</summary>
    public static async Task<FaultSystem> StartAsync(string name, IReadOnlyDictionary<string, string>? environment = null)
    {
        var state = Path.Combine(AppContext.BaseDirectory, "artifacts", "faults", name);
        return new FaultSystem(await LocalSystem.StartAsync(state, TimeSpan.FromMinutes(3), environment));
    }

    /// <summary>The running process of a component (Operator, Signaling, SessionApi, EmbeddedKube, LocalRunner); MediaWorker: one per pod.</summary>
    public IReadOnlyList<SystemProcess> Processes(string component)
    {
        var below = SystemProcess.Find(System.ScriptProcessId, component).ToList();
        foreach (var process in _restarted.Where(p => !p.HasExited))
        {
            below.AddRange(SystemProcess.Find(process.Id, component));
            if (SystemProcess.Read(process.Id) is { } self && self.Arguments.Any(a => a.EndsWith($"BroadcastOperator.{component}.dll", StringComparison.Ordinal)))
            {
                below.Add(self);
            }
        }
        return below;
    }

    public SystemProcess Process(string component) =>
        Processes(component) switch
        {
            [var one] => one,
            var found => throw new InvalidOperationException($"expected one {component} process, found {found.Count}"),
        };

    /// <summary>SIGKILLs the component's process; with <paramref name="restartAfter"/>, starts the same command again after that pause.</summary>
    public async Task<SystemProcess> KillAsync(string component, TimeSpan? restartAfter = null)
    {
        var process = Process(component);
        await process.KillAsync(TimeSpan.FromSeconds(10));
        if (restartAfter is { } pause)
        {
            await Task.Delay(pause); // the outage itself, not a wait for a condition
            StartAgain(process, component);
        }
        return process;
    }

    public void StartAgain(SystemProcess process, string component)
    {
        var log = Path.Combine(System.StateDirectory, "logs", LogName(component));
        _restarted.Add(process.StartAgain(log));
    }

    /// <summary>Waits until the component answers its health endpoint again.</summary>
    public static async Task WaitHealthyAsync(Uri healthz, TimeSpan within)
    {
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true })
        {
            Timeout = TimeSpan.FromSeconds(2),
        };
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                using var response = await http.GetAsync(healthz);
                return response.IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, $"{healthz} answers", within);
    }

    /// <summary>Creates (or updates) a session; <paramref name="specLines"/> are more lines of its spec, e.g. "archive: {audio: [source]}".</summary>
    public async Task ApplySessionAsync(string name, string source = "en", string target = "es", params string[] specLines)
    {
        var manifest = SessionManifest(name, source, target) + string.Concat(specLines.Select(line => "\n  " + line));
        var result = await Tool.RunAsync("kubectl", ["--kubeconfig", System.Kubeconfig, "apply", "-f", "-"], stdin: manifest);
        Assert.True(result.ExitCode == 0, $"kubectl apply {name}: {result.Stderr}");
    }

    /// <summary>Several sessions in one `kubectl apply` (one multi-document manifest), so the operator gets them as a batch.</summary>
    public async Task ApplySessionsAsync(IEnumerable<string> names, string source = "en", string target = "es")
    {
        var manifest = string.Join("\n---\n", names.Select(name => SessionManifest(name, source, target)));
        var result = await Tool.RunAsync("kubectl", ["--kubeconfig", System.Kubeconfig, "apply", "-f", "-"], stdin: manifest);
        Assert.True(result.ExitCode == 0, $"kubectl apply: {result.Stderr}");
    }

    private static string SessionManifest(string name, string source, string target) => $"""
        apiVersion: broadcast.dev/v1alpha1
        kind: BroadcastSession
        metadata:
          name: {name}
        spec:
          speakerId: chaos
          sourceLanguage: {source}
          targetLanguages: [{target}]
        """;

    public async Task DeleteSessionAsync(string name)
    {
        var result = await Tools.KubectlAsync("delete", "bcs", name, "--wait=false", "--ignore-not-found");
        Assert.True(result.ExitCode == 0, $"kubectl delete {name}: {result.Stderr}");
    }

    /// <summary>An object as JSON (kubectl get KIND NAME -o json); null when it does not exist.</summary>
    public async Task<JsonNode?> GetAsync(string kind, string name)
    {
        var result = await Tools.KubectlAsync("get", kind, name, "-o", "json");
        return result.ExitCode == 0 ? JsonNode.Parse(result.Stdout) : null;
    }

    /// <summary>The items of a kind in the default namespace (kubectl get KIND -o json).</summary>
    public async Task<IReadOnlyList<JsonNode>> ListAsync(string kind)
    {
        var result = await Tools.KubectlAsync("get", kind, "-o", "json");
        Assert.True(result.ExitCode == 0, $"kubectl get {kind}: {result.Stderr}");
        return JsonNode.Parse(result.Stdout)!["items"]!.AsArray().OfType<JsonNode>().ToList();
    }

    public async Task<string?> PhaseAsync(string session) =>
        (await GetAsync("bcs", session))?["status"]?["phase"]?.GetValue<string>();

    public async Task WaitForPhaseAsync(string session, string phase, TimeSpan within) =>
        await Eventually.TrueAsync(async () => await PhaseAsync(session) == phase, $"session {session} {phase}", within);

    public async ValueTask DisposeAsync()
    {
        // Newest first, SIGTERM and its grace, as run-local.sh stops its own.
        for (var i = _restarted.Count - 1; i >= 0; i--)
        {
            var process = _restarted[i];
            if (!process.HasExited)
            {
                using var term = global::System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                try
                {
                    await process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            process.Dispose();
        }
        await System.DisposeAsync();
    }

    private static string LogName(string component) => component switch
    {
        "EmbeddedKube" => "kube-api.log",
        "LocalRunner" => "local-runner.log",
        _ => component.ToLowerInvariant() + ".log",
    };
}
