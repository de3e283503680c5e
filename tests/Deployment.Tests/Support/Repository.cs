namespace BroadcastOperator.Deployment.Tests.Support;

/// <summary>Paths inside the repository the tests run from.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string ReadText(params string[] parts) => File.ReadAllText(PathOf(parts));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BroadcastOperator.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no BroadcastOperator.sln above {AppContext.BaseDirectory}");
    }
}
