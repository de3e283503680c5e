using System.Net.Http.Json;
using BroadcastOperator.Shared.Model;
using k8s;
using k8s.Models;

namespace BroadcastOperator.SessionApi.Tests.Fixtures;

/// <summary>One embedded API server and one SessionApi for the API tests; each test uses its own subjects.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public KubeFixture Kube { get; } = new();
    public SessionApiFactory Api { get; private set; } = null!;
    public string Namespace { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await Kube.InitializeAsync();
        Namespace = await Kube.NewNamespaceAsync();
        Api = new SessionApiFactory(Kube.KubeconfigPath, Namespace);
    }

    /// <summary>A subject no other test uses, so list results belong to this test alone.</summary>
    public static string NewSubject(string name) => $"{name}-{Guid.NewGuid():N}"[..20];

    public Task<BroadcastSession> ReadResourceAsync(string name) =>
        Kube.Client.CustomObjects.GetNamespacedCustomObjectAsync<BroadcastSession>(BroadcastSession.Group, BroadcastSession.Version, Namespace,
            BroadcastSession.Plural, name);

    public async Task<IList<BroadcastSession>> ListResourcesAsync() =>
        (await Kube.Client.CustomObjects.ListNamespacedCustomObjectAsync<BroadcastSessionList>(BroadcastSession.Group, BroadcastSession.Version,
            Namespace, BroadcastSession.Plural)).Items;

    /// <summary>Writes what the operator and worker would: channels with ARNs and endpoints, phase, listener counts.</summary>
    public async Task ProvisionAsync(string name, IReadOnlyDictionary<string, int>? listeners = null, string? workerService = null)
    {
        var session = await ReadResourceAsync(name);
        object Channel(string suffix) => new
        {
            name = $"{name}-{suffix}",
            arn = ArnOf(name, suffix),
            endpoints = new { wss = "wss://127.0.0.1:8443", https = "https://127.0.0.1:8443" },
        };
        var status = new
        {
            status = new
            {
                phase = "Active",
                channel = Channel("source"),
                languages = session.Spec.ServedLanguages.Select(l => new { language = l, channel = Channel(l) }).ToArray(),
                worker = workerService is null ? null : new { pod = name + "-worker", service = workerService, ready = true },
                expiresAt = DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ"),
                media = new { listeners = listeners ?? new Dictionary<string, int>() },
                listenerCount = listeners?.Values.Sum() ?? 0,
            },
        };
        var patch = new V1Patch(System.Text.Json.JsonSerializer.Serialize(status, new System.Text.Json.JsonSerializerOptions
        {
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        }), V1Patch.PatchType.MergePatch);
        await Kube.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(patch, BroadcastSession.Group, BroadcastSession.Version,
            Namespace, BroadcastSession.Plural, name);
    }

    public static string ArnOf(string session, string suffix) =>
        $"arn:aws:kinesisvideo:us-east-1:111122223333:channel/{session}-{suffix}/1700000000000";

    public async Task<string> CreateSessionAsync(HttpClient client, object? body = null)
    {
        var response = await client.PostAsJsonAsync("/sessions", body ?? new { sourceLanguage = "en", targetLanguages = new[] { "es", "ca" } });
        response.EnsureSuccessStatusCode();
        var view = await response.Content.ReadFromJsonAsync<Sessions.SessionView>();
        return view!.Id;
    }

    public async Task DisposeAsync()
    {
        if (Api is not null)
        {
            await Api.DisposeAsync();
        }
        await Kube.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "session api";
}
