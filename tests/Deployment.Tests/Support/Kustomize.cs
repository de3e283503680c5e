namespace BroadcastOperator.Deployment.Tests.Support;

/// <summary>`kubectl kustomize config/default`, rendered once per test run; skips the calling test where kubectl is absent.</summary>
public static class Kustomize
{
    private static readonly Lazy<IReadOnlyList<Dictionary<object, object?>>> Rendered = new(() =>
    {
        var (exitCode, stdout, stderr) = Tool.Run(Tool.Find("kubectl")!, ["kustomize", Repository.PathOf("config", "default")]);
        Assert.True(exitCode == 0, $"kubectl kustomize config/default failed ({exitCode}):\n{stderr}");
        return YamlDocuments.Parse(stdout);
    });

    public static IReadOnlyList<Dictionary<object, object?>> RenderDefault()
    {
        Skip.If(Tool.Find("kubectl") is null, "kubectl is not installed: the kustomize manifests are not rendered");
        return Rendered.Value;
    }
}
