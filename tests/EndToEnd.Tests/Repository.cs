namespace BroadcastOperator.EndToEnd.Tests;

internal static class Repository
{
    /// <summary>The checkout this test assembly was built from (the folder holding BroadcastOperator.sln).</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BroadcastOperator.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("BroadcastOperator.sln not found above " + AppContext.BaseDirectory);
    }
}
