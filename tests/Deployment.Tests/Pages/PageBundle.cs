using BroadcastOperator.Deployment.Tests.Support;

namespace BroadcastOperator.Deployment.Tests.Pages;

/// <summary>
/// Builds the pages' bundles the way `make` does: `npm ci` in web/ when node_modules is missing or older than the lockfile, then
/// `node build.mjs --if-stale` (a no-op when the bundles are newer than their sources).
/// </summary>
public static class PageBundle
{
    private static readonly Lazy<string?> Built = new(Build);

    /// <summary>Null once the bundles exist; otherwise why the page tests must skip.</summary>
    public static string? EnsureBuilt() => Built.Value;

    private static string? Build()
    {
        var npm = Tool.Find("npm");
        var node = Tool.Find("node");
        if (npm is null || node is null)
        {
            return "node and npm are needed to bundle the pages (scripts/install-deps.sh installs them)";
        }
        var web = Repository.PathOf("web");
        // npm ci records what it installed in node_modules/.package-lock.json: reinstall when the lockfile is newer.
        var installed = new FileInfo(Path.Combine(web, "node_modules", ".package-lock.json"));
        if (!installed.Exists || installed.LastWriteTimeUtc < File.GetLastWriteTimeUtc(Path.Combine(web, "package-lock.json")))
        {
            var install = Tool.Run(npm, ["ci", "--prefix", web, "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
            Assert.True(install.ExitCode == 0, $"npm ci in web/ failed:\n{install.Stderr}");
        }
        var build = Tool.Run(node, [Path.Combine(web, "build.mjs"), "--if-stale"], TimeSpan.FromMinutes(2));
        Assert.True(build.ExitCode == 0, $"node web/build.mjs failed:\n{build.Stderr}");
        return null;
    }
}
