using Amazon;
using Amazon.Runtime.CredentialManagement;

namespace BroadcastOperator.Aws;

/// <summary>
/// One profile of an AWS shared-credentials file (`~/.aws/credentials` format), read and written with AWSSDK.Core's
/// own <see cref="SharedCredentialsFile"/> so any AWS tool reads what we write and we read what it writes.
/// </summary>
public static class SharedCredentialsProfile
{
    /// <summary>The credentials of <paramref name="profile"/>, with its session token; null when the file or profile is missing.</summary>
    public static AwsCredentials? Read(string path, string profile)
    {
        if (!File.Exists(path) || !new SharedCredentialsFile(path).TryGetProfile(profile, out var found))
        {
            return null;
        }
        var options = found.Options;
        return string.IsNullOrEmpty(options.AccessKey) || string.IsNullOrEmpty(options.SecretKey)
            ? null
            : new AwsCredentials(options.AccessKey, options.SecretKey, string.IsNullOrEmpty(options.Token) ? null : options.Token);
    }

    /// <summary>Replaces (or adds) <paramref name="profile"/> in the file, keeping other profiles; only the owner may read it.</summary>
    public static void Write(string path, string profile, AwsCredentials credentials, string? region = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        var options = new CredentialProfileOptions
        {
            AccessKey = credentials.AccessKeyId,
            SecretKey = credentials.SecretAccessKey,
            Token = credentials.SessionToken,
        };
        var entry = new CredentialProfile(profile, options);
        if (region is { Length: > 0 })
        {
            entry.Region = RegionEndpoint.GetBySystemName(region);
        }
        new SharedCredentialsFile(path).RegisterProfile(entry);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
