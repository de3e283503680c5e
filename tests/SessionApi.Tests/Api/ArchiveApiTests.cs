using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using BroadcastOperator.SessionApi.Archive;
using BroadcastOperator.SessionApi.Tests.Fixtures;
using BroadcastOperator.Shared.Archive;

namespace BroadcastOperator.SessionApi.Tests.Api;

/// <summary>GET /sessions/{id}/archive[/{file}] and GET /sessions?state=ended over an archive folder the test writes as a worker would.</summary>
[Collection(ApiCollection.Name)]
public sealed class ArchiveApiTests(ApiFixture fixture) : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sessionapi-archive-" + Guid.NewGuid().ToString("N")[..8]);
    private SessionApiFactory _api = null!;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        _api = new SessionApiFactory(fixture.Kube.KubeconfigPath, fixture.Namespace, new Dictionary<string, string?> { ["Archive:Directory"] = _root });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>An archive as the worker leaves it: the files and a manifest listing them.</summary>
    private byte[] WriteArchive(string session, string speaker, bool ended = true, DateTime? started = null, params ArchiveManifestFile[] extra)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, fixture.Namespace, session)).FullName;
        var audio = new byte[20_000];
        new Random(session.Length).NextBytes(audio);
        File.WriteAllBytes(Path.Combine(folder, "audio-en.opus"), audio);
        File.WriteAllText(Path.Combine(folder, "captions-es.vtt"), "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHola\n");
        var startedAt = started ?? DateTime.UtcNow.AddHours(-1);
        new ArchiveManifest
        {
            Namespace = fixture.Namespace,
            Session = session,
            SpeakerId = speaker,
            SourceLanguage = "en",
            StartedAt = startedAt,
            UpdatedAt = startedAt.AddMinutes(10),
            EndedAt = ended ? startedAt.AddMinutes(10) : null,
            Complete = ended,
            RetentionDays = 30,
            Files =
            [
                new("audio-en.opus", "audio", "en", "audio/ogg; codecs=opus", audio.Length, 600),
                new("captions-es.vtt", "captions", "es", "text/vtt", 40, 2),
                .. extra,
            ],
        }.WriteTo(folder);
        return audio;
    }

    [Fact]
    public async Task The_speaker_reads_the_manifest_and_downloads_a_file_whole_or_by_range()
    {
        var alice = ApiFixture.NewSubject("alice");
        var audio = WriteArchive("bright-owl-101", alice);
        var client = _api.ClientFor(alice, "speaker");

        var view = (await client.GetFromJsonAsync<ArchiveView>("/sessions/bright-owl-101/archive"))!;
        Assert.True(view.Complete);
        Assert.Equal(["audio-en.opus", "captions-es.vtt"], view.Files.Select(f => f.Name));
        Assert.Equal("/sessions/bright-owl-101/archive/audio-en.opus", view.Files[0].Url);

        var whole = await client.GetAsync(view.Files[0].Url);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("audio/ogg; codecs=opus", whole.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment", whole.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("bytes", whole.Headers.AcceptRanges.Single());
        Assert.Equal(audio, await whole.Content.ReadAsByteArrayAsync());

        using var ranged = new HttpRequestMessage(HttpMethod.Get, view.Files[0].Url);
        ranged.Headers.Range = new RangeHeaderValue(1000, 1999);
        var part = await client.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal($"bytes 1000-1999/{audio.Length}", part.Content.Headers.ContentRange!.ToString());
        Assert.Equal(audio[1000..2000], await part.Content.ReadAsByteArrayAsync());

        using var tail = new HttpRequestMessage(HttpMethod.Get, view.Files[0].Url);
        tail.Headers.Range = new RangeHeaderValue(null, 500);
        Assert.Equal(audio[^500..], await (await client.SendAsync(tail)).Content.ReadAsByteArrayAsync());

        using var outside = new HttpRequestMessage(HttpMethod.Get, view.Files[0].Url);
        outside.Headers.Range = new RangeHeaderValue(audio.Length + 10, audio.Length + 20);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, (await client.SendAsync(outside)).StatusCode);
    }

    [Fact]
    public async Task Only_the_speaker_and_admins_may_read_an_archive()
    {
        var alice = ApiFixture.NewSubject("alice");
        WriteArchive("quiet-elk-202", alice);

        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.CreateClient().GetAsync("/sessions/quiet-elk-202/archive")).StatusCode);
        var mallory = _api.ClientFor(ApiFixture.NewSubject("mallory"), "speaker");
        Assert.Equal(HttpStatusCode.Forbidden, (await mallory.GetAsync("/sessions/quiet-elk-202/archive")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await mallory.GetAsync("/sessions/quiet-elk-202/archive/audio-en.opus")).StatusCode);
        var admin = _api.ClientFor(ApiFixture.NewSubject("root"), "admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/sessions/quiet-elk-202/archive")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/sessions/quiet-elk-202/archive/captions-es.vtt")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/sessions/never-was-303/archive")).StatusCode);
    }

    [Theory]
    [InlineData("..%2Fsecret.txt")]
    [InlineData("..%2F..%2Fsecret.txt")]
    [InlineData("%2E%2E%2F%2E%2E%2Fsecret.txt")]
    [InlineData("..%5C..%5Csecret.txt")]
    [InlineData("..")]
    [InlineData("%2Fetc%2Fpasswd")]
    [InlineData(".manifest.json.tmp")]
    [InlineData("manifest.json")]
    [InlineData("unlisted.txt")]
    [InlineData("..%2Fother-session-404%2Faudio-en.opus")]
    public async Task No_file_outside_what_the_manifest_lists_is_served(string file)
    {
        var alice = ApiFixture.NewSubject("alice");
        WriteArchive("steady-ram-303", alice, extra: new ArchiveManifestFile("../secret.txt", "captions", null, "text/plain", 6, null));
        WriteArchive("other-session-404", ApiFixture.NewSubject("bob"));
        File.WriteAllText(Path.Combine(_root, "secret.txt"), "SECRET");
        File.WriteAllText(Path.Combine(_root, fixture.Namespace, "secret.txt"), "SECRET");
        File.WriteAllText(Path.Combine(_root, fixture.Namespace, "steady-ram-303", "unlisted.txt"), "SECRET");
        var client = _api.ClientFor(alice, "speaker");

        var response = await client.GetAsync($"/sessions/steady-ram-303/archive/{file}");

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{file}: {response.StatusCode}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("SECRET", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"files\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_that_lists_a_path_is_not_followed_and_its_entry_is_not_offered()
    {
        var alice = ApiFixture.NewSubject("alice");
        WriteArchive("tidy-yak-505", alice, extra: new ArchiveManifestFile("../secret.txt", "captions", null, "text/plain", 6, null));
        var client = _api.ClientFor(alice, "speaker");

        var view = (await client.GetFromJsonAsync<ArchiveView>("/sessions/tidy-yak-505/archive"))!;

        Assert.DoesNotContain(view.Files, f => f.Name.Contains("..", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ended_lists_the_callers_past_sessions_from_the_archive_index_newest_first()
    {
        var alice = ApiFixture.NewSubject("alice");
        var client = _api.ClientFor(alice, "speaker");
        var live = await fixture.CreateSessionAsync(client);
        WriteArchive(live, alice, ended: false); // still running: not ended
        WriteArchive("old-talk-601", alice, started: DateTime.UtcNow.AddDays(-2));
        WriteArchive("new-talk-602", alice, started: DateTime.UtcNow.AddDays(-1));
        WriteArchive("crashed-talk-603", alice, ended: false, started: DateTime.UtcNow.AddDays(-3)); // no CR left: it ended
        WriteArchive("bobs-talk-604", ApiFixture.NewSubject("bob"));

        var ended = (await client.GetFromJsonAsync<EndedSessionView[]>("/sessions?state=ended"))!;

        Assert.Equal(["new-talk-602", "old-talk-601", "crashed-talk-603"], ended.Select(e => e.Id));
        Assert.Equal(["en", "es"], ended[0].Languages);
        Assert.Equal("/sessions/new-talk-602/archive", ended[0].ArchiveUrl);
        Assert.Equal(live, Assert.Single((await client.GetFromJsonAsync<Sessions.SessionView[]>("/sessions"))!).Id);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/sessions?state=sideways")).StatusCode);
    }
}
