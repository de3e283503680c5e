using System.Text.RegularExpressions;
using BroadcastOperator.Deployment.Tests.Support;

namespace BroadcastOperator.Deployment.Tests;

/// <summary>The Dockerfiles and `make images` (scripts/images.sh), checked without a container engine.</summary>
public sealed partial class ImageTests
{
    public static TheoryData<string> Images => new() { "operator", "session-api", "signaling", "media-worker" };

    [Theory]
    [MemberData(nameof(Images))]
    public void Dockerfile_is_multi_stage_on_pinned_dotnet_images_and_runs_as_non_root(string image)
    {
        var dockerfile = Repository.ReadText("deploy", "docker", image, "Dockerfile");
        Assert.Contains("ARG DOTNET_SDK=mcr.microsoft.com/dotnet/sdk:10.0\n", dockerfile);
        Assert.Contains("ARG DOTNET_ASPNET=mcr.microsoft.com/dotnet/aspnet:10.0\n", dockerfile);
        Assert.True(FromLine().Matches(dockerfile).Count >= 2, "multi-stage: a build stage and a runtime stage");
        Assert.DoesNotContain(":latest", dockerfile, StringComparison.Ordinal);
        var lastUser = UserLine().Matches(dockerfile).LastOrDefault()?.Groups[1].Value;
        Assert.True(lastUser is "$APP_UID" or "1654", $"{image} must end as the non-root user, not '{lastUser}'");
        Assert.Matches(@"ENTRYPOINT \[""dotnet"", ""BroadcastOperator\.[A-Za-z]+\.dll""\]", dockerfile);
    }

    [Fact]
    public void Worker_image_carries_the_debian_speech_packages()
    {
        var dockerfile = Repository.ReadText("deploy", "docker", "media-worker", "Dockerfile");
        foreach (var package in new[] { "espeak-ng", "libespeak-ng1", "pocketsphinx", "pocketsphinx-en-us", "apertium", "apertium-eng-spa", "apertium-eng-cat", "libopus0" })
        {
            Assert.Matches($@"\s{Regex.Escape(package)}(\s|\\)", dockerfile);
        }
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Every_project_a_dockerfile_publishes_has_its_references_copied(string image)
    {
        var dockerfile = Repository.ReadText("deploy", "docker", image, "Dockerfile");
        var project = PublishedProject().Match(dockerfile).Groups[1].Value;
        foreach (var reference in ProjectClosure(project))
        {
            Assert.Contains($"COPY src/{reference}/ src/{reference}/", dockerfile);
        }
    }

    [Fact]
    public void Make_images_explains_and_fails_when_no_container_engine_is_reachable()
    {
        var (exitCode, stdout, stderr) = Tool.Run("bash", [Repository.PathOf("scripts", "images.sh")],
            environment: new Dictionary<string, string> { ["DOCKER_HOST"] = "unix:///nonexistent/docker.sock" });
        if (Tool.Find("docker") is null)
        {
            Assert.Contains("is not installed", stderr);
        }
        else
        {
            Assert.Contains("no container engine is reachable", stderr);
        }
        Assert.Equal(2, exitCode);
        Assert.DoesNotContain("building", stdout);
    }

    [Fact]
    public void Make_images_names_the_known_images_when_given_an_unknown_one()
    {
        var (exitCode, _, stderr) = Tool.Run("bash", [Repository.PathOf("scripts", "images.sh"), "operater"]);
        Assert.Equal(64, exitCode);
        Assert.Contains("known: operator session-api signaling media-worker", stderr);
    }

    /// <summary>The project and every project it references, transitively, by folder name under src/.</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var name))
        {
            if (!seen.Add(name))
            {
                continue;
            }
            foreach (Match reference in ProjectReference().Matches(Repository.ReadText("src", name, $"{name}.csproj")))
            {
                pending.Push(reference.Groups[1].Value);
            }
        }
        return seen;
    }

    [GeneratedRegex(@"^FROM\s", RegexOptions.Multiline)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"^USER\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex UserLine();

    [GeneratedRegex(@"dotnet publish src/(\w+)/")]
    private static partial Regex PublishedProject();

    [GeneratedRegex(@"ProjectReference Include=""\.\./(\w+)/")]
    private static partial Regex ProjectReference();
}
