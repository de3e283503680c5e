namespace BroadcastOperator.SessionApi.Archive;

/// <summary>
/// Which file names may be served: a plain name of the worker's alphabet (letters, digits, '.', '-', '_'), not starting
/// with a dot. No separator, no "..": a name can never leave its session's folder or key prefix. The manifest must list
/// it too (checked by the caller); this is the check that holds even for a manifest that lies.
/// </summary>
public static class ArchiveFileNames
{
    public const int MaxLength = 128;

    public static bool IsSafe(string? name) =>
        name is { Length: > 0 and <= MaxLength } && name[0] != '.' && !name.Contains("..", StringComparison.Ordinal)
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
}
