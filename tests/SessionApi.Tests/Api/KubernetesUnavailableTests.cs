using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using BroadcastOperator.SessionApi.Tests.Fixtures;

namespace BroadcastOperator.SessionApi.Tests.Api;

public sealed class KubernetesUnavailableTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sessionapi-unreachable-").FullName;

    [Fact]
    public async Task An_unreachable_api_server_gives_503_problems_and_not_ready()
    {
        var kubeconfig = Path.Combine(_directory, "kubeconfig");
        File.WriteAllText(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: gone
              cluster:
                server: http://127.0.0.1:{ClosedPort()}
            contexts:
            - name: gone
              context: {"{"}cluster: gone, user: nobody{"}"}
            current-context: gone
            users:
            - name: nobody
              user: {"{"}token: x{"}"}
            """);
        await using var api = new SessionApiFactory(kubeconfig, "default");
        var speaker = api.ClientFor("vera", "speaker");

        var create = await speaker.PostAsJsonAsync("/sessions", new { sourceLanguage = "en", targetLanguages = new[] { "es" } });
        var get = await speaker.GetAsync("/sessions/calm-river-123");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, create.StatusCode);
        Assert.Contains("cannot be reached", (await ProblemJson.ReadAsync(create)).GetProperty("detail").GetString());
        Assert.NotNull(create.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, get.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await api.CreateClient().GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_missing_kubeconfig_gives_503_not_500()
    {
        await using var api = new SessionApiFactory(Path.Combine(_directory, "absent"), "default");

        var response = await api.ClientFor("vera", "speaker").GetAsync("/sessions");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        await ProblemJson.ReadAsync(response);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
