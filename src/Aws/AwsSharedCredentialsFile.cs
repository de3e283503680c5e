using System.Text;

namespace BroadcastOperator.Aws;

/// <summary>Writes and reads profiles of the AWS shared-credentials file format (`~/.aws/credentials`).</summary>
public static class AwsSharedCredentialsFile
{
    /// <summary>Replaces (or adds) <paramref name="profile"/> in the file, keeping other profiles.</summary>
    public static void WriteProfile(string path, string profile, AwsCredentials credentials, string? region = null)
    {
        var profiles = File.Exists(path) ? Parse(File.ReadAllText(path)) : [];
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["aws_access_key_id"] = credentials.AccessKeyId,
            ["aws_secret_access_key"] = credentials.SecretAccessKey,
        };
        if (credentials.SessionToken is { Length: > 0 } token)
        {
            values["aws_session_token"] = token;
        }
        if (region is { Length: > 0 })
        {
            values["region"] = region;
        }
        profiles[profile] = values;
        var text = new StringBuilder();
        foreach (var (name, entries) in profiles)
        {
            text.Append('[').Append(name).Append("]\n");
            foreach (var (key, value) in entries)
            {
                text.Append(key).Append(" = ").Append(value).Append('\n');
            }
            text.Append('\n');
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        File.WriteAllText(path, text.ToString());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>The credentials of one profile, or null when the file or profile is missing.</summary>
    public static AwsCredentials? ReadProfile(string path, string profile)
    {
        if (!File.Exists(path) || !Parse(File.ReadAllText(path)).TryGetValue(profile, out var values))
        {
            return null;
        }
        return values.TryGetValue("aws_access_key_id", out var id) && values.TryGetValue("aws_secret_access_key", out var secret)
            ? new AwsCredentials(id, secret, values.GetValueOrDefault("aws_session_token"))
            : null;
    }

    private static Dictionary<string, Dictionary<string, string>> Parse(string text)
    {
        var profiles = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }
            if (line[0] == '[' && line[^1] == ']')
            {
                current = new Dictionary<string, string>(StringComparer.Ordinal);
                profiles[line[1..^1].Trim()] = current;
                continue;
            }
            var equals = line.IndexOf('=');
            if (current is not null && equals > 0)
            {
                current[line[..equals].Trim()] = line[(equals + 1)..].Trim();
            }
        }
        return profiles;
    }
}
