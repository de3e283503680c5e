using BroadcastOperator.Deployment.Tests.Support;
using BroadcastOperator.TestSupport;

namespace BroadcastOperator.Deployment.Tests;

/// <summary>The solution's project graph has no edge its code does not use.</summary>
public sealed class ProjectGraphTests
{
    /// <summary>References known to be unused and kept on purpose; add one only with the reason beside it.</summary>
    private static readonly HashSet<(string From, string To)> Tolerated = [];

    private static readonly ProjectGraph Graph = ProjectGraph.Load(Repository.Root);

    [Fact]
    public void Every_project_reference_is_used_by_the_referencing_code()
    {
        var unused = Graph.UnusedReferences()
            .Where(edge => !Tolerated.Contains((edge.From.Path, edge.To.Path)))
            .Select(edge => $"{edge.From.Path} → {edge.To.Path}")
            .ToList();
        Assert.True(unused.Count == 0,
            "project references whose target's namespaces the referencing code never uses (remove them): " + string.Join(", ", unused));
    }

    [Fact]
    public void The_graph_sees_the_projects_and_the_uses_it_is_asked_about()
    {
        // Guards the check above against reading nothing: the projects are found, and edges known to be used are seen as used.
        var operatorProject = Graph.Projects.Single(p => p.Path == "src/Operator/Operator.csproj");
        var shared = Graph.Projects.Single(p => p.Path == "src/Shared/Shared.csproj");
        var webRtc = Graph.Projects.Single(p => p.Path == "src/WebRtc/WebRtc.csproj");
        Assert.Contains("src/Shared/Shared.csproj", operatorProject.References);
        Assert.Contains("BroadcastOperator.Shared.Model", shared.Namespaces);
        Assert.True(operatorProject.Uses(shared));
        Assert.False(operatorProject.Uses(webRtc));
        Assert.True(Graph.Projects.Count >= 20, $"only {Graph.Projects.Count} projects found");
    }
}
