namespace BroadcastOperator.SessionApi.Tests.Fixtures;

public static class RepoPaths
{
    /// <summary>The repository root: the folder holding BroadcastOperator.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Crds => Path.Combine(Root, "config", "crds");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BroadcastOperator.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("BroadcastOperator.sln not found above " + AppContext.BaseDirectory);
    }
}
