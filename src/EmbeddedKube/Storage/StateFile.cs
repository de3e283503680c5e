using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BroadcastOperator.EmbeddedKube.Storage;

/// <summary>
/// The bytes of the state file on disk. A write never leaves a torn file: the new content goes to a
/// temporary file in the same directory, is flushed to disk, then renamed over the old one (rename is
/// atomic within a file system), and the directory is flushed so the rename itself survives a crash.
/// A crash before the rename leaves the old file whole; a stale temporary file is simply overwritten.
/// </summary>
public static class StateFile
{
    public static string TemporaryPath(string path) => path + ".tmp";

    /// <summary>Where the previous generation is kept: the content the last write replaced.</summary>
    public static string BackupPath(string path) => path + ".bak";

    public static void WriteAtomically(string path, ReadOnlySpan<byte> content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = TemporaryPath(path);
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
        Directories.Flush(directory);
    }

    /// <summary>
    /// Parses the file, or throws <see cref="CorruptStateException"/> naming the file and the byte offset
    /// where it stops being JSON (a truncated file fails at its end).
    /// </summary>
    public static JsonObject Read(string path, byte[] content)
    {
        try
        {
            return JsonNode.Parse(content) as JsonObject
                ?? throw new CorruptStateException(path, null, "the top level is not an object");
        }
        catch (JsonException e)
        {
            var offset = e.LineNumber is { } line && e.BytePositionInLine is { } inLine ? StartOfLine(content, line) + inLine : (long?)null;
            throw new CorruptStateException(path, offset, e.Message);
        }
    }

    /// <summary>The byte offset at which the 0-based <paramref name="line"/> starts (JSON lines end in \n; \r\n ends in \n too).</summary>
    private static long StartOfLine(byte[] content, long line)
    {
        var offset = 0;
        for (var seen = 0L; seen < line; seen++)
        {
            var next = Array.IndexOf(content, (byte)'\n', offset);
            if (next < 0)
            {
                return content.Length;
            }
            offset = next + 1;
        }
        return offset;
    }

    /// <summary>
    /// fsync of a directory, which .NET cannot open as a file: POSIX only, and best effort, since some file
    /// systems refuse it; the rename is atomic either way, only its durability across a power cut is at stake.
    /// </summary>
    private static class Directories
    {
        public static void Flush(string directory)
        {
            if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            {
                return;
            }
            var fd = Open(directory, 0 /* O_RDONLY */);
            if (fd < 0)
            {
                return;
            }
            _ = Fsync(fd);
            _ = Close(fd);
        }

        // DllImport, not LibraryImport: the source-generated kind needs unsafe code enabled for the whole project.
        [DllImport("libc", EntryPoint = "open")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", EntryPoint = "fsync")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern int Fsync(int fd);

        [DllImport("libc", EntryPoint = "close")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern int Close(int fd);
    }
}

/// <summary>
/// The state file is not a state this server wrote: start is refused rather than losing or guessing at the
/// cluster. The file is left as it is; the message names the good copy beside it when there is one.
/// </summary>
public sealed class CorruptStateException(string path, long? byteOffset, string detail)
    : Exception($"state file {path} is corrupt{(byteOffset is { } at ? $" at byte {at}" : "")}: {detail.TrimEnd('.')}. It was left as it is"
        + (File.Exists(StateFile.BackupPath(path)) ? $"; {StateFile.BackupPath(path)} is the copy that last loaded, move it over to go back to it" : ""))
{
    public string Path { get; } = path;

    public long? ByteOffset { get; } = byteOffset;
}
