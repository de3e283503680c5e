using BroadcastOperator.EmbeddedKube.Tests.Fixtures;

namespace BroadcastOperator.EmbeddedKube.Tests;

/// <summary>The real kubectl, as a platform engineer uses it, against the embedded server.</summary>
[Collection(KubeServerCollection.Name)]
public sealed class KubectlTests(KubeServerFixture cluster)
{
    private readonly Kubectl _kubectl = cluster.Kubectl;

    private async Task<string> Ok(params string[] args)
    {
        var result = await _kubectl.RunAsync(args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)} failed: {result.Output}");
        return result.Stdout;
    }

    [SkippableFact]
    public async Task Apply_crds_and_samples_then_get_prints_the_printer_columns()
    {
        Skip.IfNot(Kubectl.Available, "kubectl is not installed");
        var ns = await cluster.NewNamespaceAsync();
        Assert.Contains("broadcastsessions.broadcast.dev", await Ok("apply", "-f", Repository.Crds));
        await Ok("apply", "-n", ns, "-f", Repository.Samples);

        var table = await Ok("get", "bcs", "-n", ns);
        var header = table.Split('\n')[0];
        Assert.Equal(["NAME", "PHASE", "SOURCE", "TARGETS", "LISTENERS", "AGE"], header.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("town-hall", table);
        Assert.Contains("keynote-multilingual", table);
        Assert.Contains("[\"es\",\"ca\"]", table);

        var yaml = await Ok("get", "bcs", "town-hall", "-n", ns, "-o", "yaml");
        Assert.Contains("kind: BroadcastSession", yaml);
        Assert.Contains("maxListeners: 500", yaml); // defaulted by the CRD schema
        Assert.Contains("resourceVersion:", yaml);

        Assert.Contains("unchanged", await Ok("apply", "-n", ns, "-f", Repository.Samples));
    }

    [SkippableFact]
    public async Task Patch_and_label_change_the_session()
    {
        Skip.IfNot(Kubectl.Available, "kubectl is not installed");
        var ns = await cluster.NewNamespaceAsync();
        await Ok("apply", "-n", ns, "-f", Path.Combine(Repository.Samples, "broadcast_v1alpha1_minimal.yaml"));

        await Ok("patch", "bcs", "town-hall", "-n", ns, "--type=merge", "-p", "{\"spec\":{\"targetLanguages\":[\"es\",\"ca\"]}}");
        await Ok("label", "bcs", "town-hall", "-n", ns, "team=blue");

        Assert.Equal("es ca", await Ok("get", "bcs", "-n", ns, "-l", "team=blue", "-o", "jsonpath={.items[0].spec.targetLanguages[*]}"));
        Assert.Equal("2", await Ok("get", "bcs", "town-hall", "-n", ns, "-o", "jsonpath={.metadata.generation}"));
    }

    [SkippableFact]
    public async Task Delete_of_a_session_with_a_finalizer_stays_pending_until_the_finalizer_is_removed()
    {
        Skip.IfNot(Kubectl.Available, "kubectl is not installed");
        var ns = await cluster.NewNamespaceAsync();
        await Ok("apply", "-n", ns, "-f", Path.Combine(Repository.Samples, "broadcast_v1alpha1_minimal.yaml"));
        await Ok("patch", "bcs", "town-hall", "-n", ns, "--type=merge", "-p", "{\"metadata\":{\"finalizers\":[\"broadcast.dev/teardown\"]}}");

        await Ok("delete", "bcs", "town-hall", "-n", ns, "--wait=false");
        Assert.NotEmpty(await Ok("get", "bcs", "town-hall", "-n", ns, "-o", "jsonpath={.metadata.deletionTimestamp}"));

        await Ok("patch", "bcs", "town-hall", "-n", ns, "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
        var gone = await _kubectl.RunAsync("get", "bcs", "town-hall", "-n", ns);
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("NotFound", gone.Stderr);
    }

    [SkippableFact]
    public async Task Get_watch_streams_changes_as_they_happen()
    {
        Skip.IfNot(Kubectl.Available, "kubectl is not installed");
        var ns = await cluster.NewNamespaceAsync();
        await Ok("apply", "-n", ns, "-f", Path.Combine(Repository.Samples, "broadcast_v1alpha1_minimal.yaml"));

        using var watch = _kubectl.Start("get", "bcs", "-n", ns, "-w", "--output-watch-events");
        var lines = new List<string>();
        var reader = Task.Run(async () =>
        {
            while (await watch.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }
        });
        await WaitForLines(lines, l => l.Contains("ADDED") && l.Contains("town-hall"));
        await Ok("label", "bcs", "town-hall", "-n", ns, "step=two");
        await WaitForLines(lines, l => l.Contains("MODIFIED") && l.Contains("town-hall"));
        await Ok("delete", "bcs", "town-hall", "-n", ns);
        await WaitForLines(lines, l => l.Contains("DELETED") && l.Contains("town-hall"));
        watch.Kill();
        await reader;
    }

    private static async Task WaitForLines(List<string> lines, Func<string, bool> wanted)
    {
        await Eventually.GetAsync(() =>
        {
            lock (lines)
            {
                return Task.FromResult(lines.Any(wanted));
            }
        }, found => found, "watch line", TimeSpan.FromSeconds(20));
    }

    [SkippableFact]
    public async Task An_invalid_session_is_refused_with_an_error_naming_the_fields()
    {
        Skip.IfNot(Kubectl.Available, "kubectl is not installed");
        var ns = await cluster.NewNamespaceAsync();
        const string invalid = """
            apiVersion: broadcast.dev/v1alpha1
            kind: BroadcastSession
            metadata: {name: broken}
            spec: {speakerId: alice, sourceLanguage: english, targetLanguages: []}
            """;
        var result = await _kubectl.RunWithInputAsync(invalid, "apply", "-n", ns, "-f", "-");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("spec.sourceLanguage", result.Stderr);
        Assert.Contains("spec.targetLanguages", result.Stderr);
        Assert.Contains("is invalid", result.Stderr);
        Assert.NotEqual(0, (await _kubectl.RunAsync("get", "bcs", "broken", "-n", ns)).ExitCode);
    }

    [SkippableFact]
    public async Task Core_kinds_apply_and_reapply_with_strategic_merge()
    {
        Skip.IfNot(Kubectl.Available, "kubectl is not installed");
        var ns = await cluster.NewNamespaceAsync();
        const string first = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: \"1\"}\n";
        const string second = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {b: \"2\"}\n";
        Assert.Equal(0, (await _kubectl.RunWithInputAsync(first, "apply", "-n", ns, "-f", "-")).ExitCode);
        var reapplied = await _kubectl.RunWithInputAsync(second, "apply", "-n", ns, "-f", "-");
        Assert.True(reapplied.ExitCode == 0, reapplied.Output);
        // The last-applied annotation lets apply remove the key the new manifest dropped.
        Assert.Equal("{\"b\":\"2\"}", await Ok("get", "cm", "settings", "-n", ns, "-o", "jsonpath={.data}"));
    }
}
