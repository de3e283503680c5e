namespace BroadcastOperator.Aws.Tests.Credentials;

public sealed class SharedCredentialsProfileTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"aws-{Guid.NewGuid():N}", "credentials");

    [Fact]
    public void A_profile_is_read_back_by_name_with_its_session_token_and_others_are_kept()
    {
        SharedCredentialsProfile.Write(_path, "other", new AwsCredentials("AKIDOTHER", "other-secret"));
        SharedCredentialsProfile.Write(_path, "broadcast-local", new AwsCredentials("AKIDLOCAL", "local/secret+=", "token"), "eu-west-1");

        Assert.Equal(new AwsCredentials("AKIDLOCAL", "local/secret+=", "token"), SharedCredentialsProfile.Read(_path, "broadcast-local"));
        Assert.Equal(new AwsCredentials("AKIDOTHER", "other-secret"), SharedCredentialsProfile.Read(_path, "other"));
        Assert.Null(SharedCredentialsProfile.Read(_path, "missing"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_path));
        }
    }

    [Fact]
    public async Task A_file_source_reads_the_profile_again_on_each_use()
    {
        var source = new SharedCredentialsFileSource(_path, "p");
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await source.GetCredentialsAsync(CancellationToken.None));

        SharedCredentialsProfile.Write(_path, "p", new AwsCredentials("AKID1", "s1"));
        Assert.Equal("AKID1", (await source.GetCredentialsAsync(CancellationToken.None)).AccessKeyId);
        SharedCredentialsProfile.Write(_path, "p", new AwsCredentials("AKID2", "s2"));
        Assert.Equal("AKID2", (await source.GetCredentialsAsync(CancellationToken.None)).AccessKeyId);
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
}
