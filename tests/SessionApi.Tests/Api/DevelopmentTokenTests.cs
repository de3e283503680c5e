using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using BroadcastOperator.SessionApi.Tests.Fixtures;

namespace BroadcastOperator.SessionApi.Tests.Api;

/// <summary>`make token` runs `SessionApi token`; what it prints must be accepted by the service with its embedded defaults.</summary>
[Collection(ApiCollection.Name)]
public sealed class DevelopmentTokenTests(ApiFixture fixture) : IDisposable
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("sessionapi-token-").FullName;

    [Fact]
    public async Task The_token_command_prints_a_jwt_the_default_development_issuer_accepts()
    {
        var (exitCode, token, error) = await RunTokenCommandAsync("--sub", "alice-token-test", "--role", "speaker");
        Assert.True(exitCode == 0, error);
        var keyFile = Path.Combine(_workingDirectory, ".local", "sessionapi-jwt.key");
        Assert.True(File.Exists(keyFile), "the development key was not created under .local/");

        await using var api = new SessionApiFactory(fixture.Kube.KubeconfigPath, fixture.Namespace, new Dictionary<string, string?>
        {
            // The embedded defaults, except where the key file lives (the working directory of `make token`).
            ["Auth:Issuer"] = null,
            ["Auth:Audience"] = null,
            ["Auth:SigningKey"] = null,
            ["Auth:DevelopmentKeyFile"] = keyFile,
        });
        var accepted = await api.ClientWithToken(token.Trim()).PostAsJsonAsync("/sessions", new { sourceLanguage = "en", targetLanguages = new[] { "es" } });
        var testIssuerToken = await api.ClientFor("alice-token-test", "speaker").GetAsync("/sessions");

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, testIssuerToken.StatusCode);
    }

    [Fact]
    public async Task An_unknown_role_is_refused_with_usage()
    {
        var (exitCode, output, error) = await RunTokenCommandAsync("--sub", "alice", "--role", "superuser");

        Assert.NotEqual(0, exitCode);
        Assert.Empty(output);
        Assert.Contains("speaker, listener, admin", error);
    }

    private async Task<(int ExitCode, string Output, string Error)> RunTokenCommandAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "BroadcastOperator.SessionApi.dll"));
        start.ArgumentList.Add("token");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var variable in new[] { "Auth__SigningKey", "Auth__SigningKeyFile", "Auth__Authority", "Auth__Issuer", "Auth__Audience" })
        {
            start.Environment.Remove(variable);
        }
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    public void Dispose() => Directory.Delete(_workingDirectory, recursive: true);
}
