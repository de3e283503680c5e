namespace BroadcastOperator.TestSupport;

/// <summary>Paths inside the checkout the tests were built from: the folder holding BroadcastOperator.sln.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The generated CustomResourceDefinitions (make crds).</summary>
    public static string Crds => PathOf("config", "crds");

    /// <summary>The sample resources.</summary>
    public static string Samples => PathOf("config", "samples");

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string ReadText(params string[] parts) => File.ReadAllText(PathOf(parts));

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
