namespace BroadcastOperator.Operator.Tests.Support;

public static class RepoPaths
{
    /// <summary>The repository root: the folder holding BroadcastOperator.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Crds => Path.Combine(Root, "config", "crds");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BroadcastOperator.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("BroadcastOperator.sln not found above " + AppContext.BaseDirectory);
    }
}
