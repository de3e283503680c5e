using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Tests.Fixtures;

namespace BroadcastOperator.EmbeddedKube.Tests;

/// <summary>
/// The real kubectl's imperative commands against the embedded server: the create generators
/// (which send protobuf), server-side dry run and diff, auth can-i, and wait on a status field.
/// </summary>
[Collection(KubeServerCollection.Name)]
public sealed class KubectlImperativeTests(KubeServerFixture cluster) : IDisposable
{
    private readonly Kubectl _kubectl = cluster.Kubectl;
    private readonly HttpClient _http = new() { BaseAddress = cluster.Server.BaseAddress };
    private static readonly string MinimalSample = Path.Combine(Repository.Samples, "broadcast_v1alpha1_minimal.yaml");

    private async Task<string> Ok(params string[] args)
    {
        var result = await _kubectl.RunAsync(args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)} failed: {result.Output}");
        return result.Stdout;
    }

    [SkippableFact]
    public async Task Create_generators_make_a_namespace_secret_configmap_and_serviceaccount_kubectl_reads_back()
    {
        Skip.IfNot(Kubectl.Available, "kubectl is not installed");
        var ns = "gen-" + Guid.NewGuid().ToString("N")[..8];

        await Ok("create", "namespace", ns);
        await Ok("create", "secret", "generic", "creds", "-n", ns, "--from-literal=user=alice", "--from-literal=password=s3cr3t");
        await Ok("create", "configmap", "settings", "-n", ns, "--from-literal=greeting=hello");
        await Ok("create", "serviceaccount", "robot", "-n", ns);

        Assert.Contains("phase: Active", await Ok("get", "namespace", ns, "-o", "yaml"));
        var secret = await Ok("get", "secret", "creds", "-n", ns, "-o", "yaml");
        Assert.Contains("user: YWxpY2U=", secret); // base64 of "alice", as kubectl sent it in the protobuf bytes map
        Assert.Contains("password: czNjcjN0", secret);
        Assert.Contains("type: Opaque", secret);
        Assert.Contains("greeting: hello", await Ok("get", "configmap", "settings", "-n", ns, "-o", "yaml"));
        var account = await Ok("get", "serviceaccount", "robot", "-n", ns, "-o", "yaml");
        Assert.Contains("kind: ServiceAccount", account);
        Assert.Contains($"namespace: {ns}", account);
    }

    [SkippableFact]
    public async Task Apply_with_server_dry_run_stores_nothing_and_a_watch_opened_before_sees_nothing()
    {
        Skip.IfNot(Kubectl.Available, "kubectl is not installed");
        var ns = await cluster.NewNamespaceAsync();
        var sessions = $"/apis/broadcast.dev/v1alpha1/namespaces/{ns}/broadcastsessions";
        var from = cluster.Server.Store.CurrentResourceVersion;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = await _http.GetAsync($"{sessions}?watch=true&resourceVersion={from}", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var events = new StreamReader(await watch.Content.ReadAsStreamAsync(timeout.Token));

        Assert.Contains("created (server dry run)", await Ok("apply", "--dry-run=server", "-n", ns, "-f", Repository.Samples));
        Assert.Equal(from, cluster.Server.Store.CurrentResourceVersion);
        var list = await _kubectl.RunAsync("get", "bcs", "-n", ns);
        Assert.Contains("No resources found", list.Output);

        // The watch's first event is the real apply that follows, not anything of the dry run.
        await Ok("apply", "-n", ns, "-f", MinimalSample);
        var first = JsonNode.Parse((await events.ReadLineAsync(timeout.Token))!)!;
        Assert.Equal("ADDED", first["type"]!.GetValue<string>());
        Assert.Equal("town-hall", first["object"]!["metadata"]!["name"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Diff_exits_1_with_the_change_of_an_edited_sample_and_0_for_an_unchanged_one()
    {
        Skip.IfNot(Kubectl.Available, "kubectl is not installed");
        var ns = await cluster.NewNamespaceAsync();
        await Ok("apply", "-n", ns, "-f", MinimalSample);
        var edited = File.ReadAllText(MinimalSample).Replace("targetLanguages: [es]", "targetLanguages: [es, de]");
        Assert.NotEqual(File.ReadAllText(MinimalSample), edited);

        var changed = await _kubectl.RunWithInputAsync(edited, "diff", "-n", ns, "-f", "-");
        var unchanged = await _kubectl.RunAsync("diff", "-n", ns, "-f", MinimalSample);

        Assert.True(changed.ExitCode == 1, changed.Output);
        Assert.Contains("+  - de", changed.Stdout);
        Assert.True(unchanged.ExitCode == 0, unchanged.Output);
        Assert.Equal("es", await Ok("get", "bcs", "town-hall", "-n", ns, "-o", "jsonpath={.spec.targetLanguages[*]}")); // diff changed nothing
    }

    [SkippableFact]
    public async Task Auth_can_i_says_yes()
    {
        Skip.IfNot(Kubectl.Available, "kubectl is not installed");
        Assert.Equal("yes", (await Ok("auth", "can-i", "create", "broadcastsessions")).Trim());
        Assert.Equal("yes", (await Ok("auth", "can-i", "delete", "secrets", "-n", "kube-system")).Trim());
    }

    [SkippableFact]
    public async Task Wait_for_a_status_phase_returns_once_the_status_is_written()
    {
        Skip.IfNot(Kubectl.Available, "kubectl is not installed");
        var ns = await cluster.NewNamespaceAsync();
        await Ok("apply", "-n", ns, "-f", MinimalSample);
        // -v=6 logs each request as its answer arrives: the watch request means wait has read the session without a phase.
        using var waiting = _kubectl.Start("wait", "bcs/town-hall", "-n", ns, "--for=jsonpath={.status.phase}=Active", "--timeout=30s", "-v=6");
        var stdout = waiting.StandardOutput.ReadToEndAsync();
        var watching = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = new System.Text.StringBuilder();
        var log = Task.Run(async () =>
        {
            while (await waiting.StandardError.ReadLineAsync() is { } line)
            {
                stderr.AppendLine(line);
                if (line.Contains("watch=true", StringComparison.Ordinal))
                {
                    watching.TrySetResult();
                }
            }
        });
        await watching.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(waiting.HasExited, "kubectl wait returned before any status was written");

        // No operator runs here: write the status as the operator would, through the status subresource.
        await Ok("patch", "bcs", "town-hall", "-n", ns, "--subresource=status", "--type=merge", "-p", "{\"status\":{\"phase\":\"Active\"}}");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await waiting.WaitForExitAsync(timeout.Token);
        await log;
        var result = new CommandResult(waiting.ExitCode, await stdout, stderr.ToString());
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("condition met", result.Stdout);
    }

    [SkippableFact]
    public async Task Server_side_apply_round_trips_without_warnings_and_records_its_manager()
    {
        Skip.IfNot(Kubectl.Available, "kubectl is not installed");
        var ns = await cluster.NewNamespaceAsync();

        var first = await _kubectl.RunAsync("apply", "--server-side", "-n", ns, "-f", MinimalSample);
        var again = await _kubectl.RunAsync("apply", "--server-side", "-n", ns, "-f", MinimalSample);

        Assert.True(first.ExitCode == 0 && again.ExitCode == 0, first.Output + again.Output);
        Assert.Equal("", first.Stderr + again.Stderr); // no warning of any kind
        Assert.Contains("serverside-applied", again.Stdout);
        var managers = await Ok("get", "bcs", "town-hall", "-n", ns, "--show-managed-fields",
            "-o", "jsonpath={range .metadata.managedFields[*]}{.manager}/{.operation}/{.fieldsType};{end}");
        Assert.Equal("kubectl/Apply/FieldsV1;", managers);
    }

    public void Dispose() => _http.Dispose();
}
