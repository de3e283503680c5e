namespace BroadcastOperator.Aws;

/// <summary>
/// One profile of a shared-credentials file, read again on each use: the file's writer (the embedded signaling
/// service) may (re)write it after the reader started.
/// </summary>
public sealed class SharedCredentialsFileSource(string path, string profile, string? hint = null) : IAwsCredentialsSource
{
    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(SharedCredentialsProfile.Read(path, profile)
            ?? throw new InvalidOperationException($"no profile [{profile}] in {path}" + (hint is null ? "" : ": " + hint)));
}
