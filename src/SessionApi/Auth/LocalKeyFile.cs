using System.Security.Cryptography;

namespace BroadcastOperator.SessionApi.Auth;

/// <summary>A random secret kept in a local file (the development defaults under `.local/`), created when absent.</summary>
public static class LocalKeyFile
{
    public static string ReadOrCreate(string path, string contentRoot)
    {
        var fullPath = Path.IsPathRooted(path) ? path : Path.Combine(contentRoot, path);
        if (File.Exists(fullPath))
        {
            return File.ReadAllText(fullPath).Trim();
        }
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        try
        {
            using var stream = new FileStream(fullPath, FileMode.CreateNew, FileAccess.Write);
            using var writer = new StreamWriter(stream);
            writer.Write(key);
        }
        catch (IOException) when (File.Exists(fullPath))
        {
            // Another process created it first: theirs wins so both agree.
            return File.ReadAllText(fullPath).Trim();
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fullPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return key;
    }
}
