using System.Net;
using System.Net.Http.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using BroadcastOperator.SessionApi.Archive;
using BroadcastOperator.SessionApi.Options;
using BroadcastOperator.SessionApi.Tests.Fixtures;
using BroadcastOperator.Shared.Archive;
using BroadcastOperator.TestSupport.S3;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.SessionApi.Tests.Api;

/// <summary>AWS mode: archives read from S3 (s3rver, SigV4 checked) and handed out as presigned URLs.</summary>
[Collection(ApiCollection.Name)]
public sealed class ArchiveS3ApiTests(ApiFixture fixture) : IAsyncLifetime
{
    private S3rver _server = null!;
    private AmazonS3Client _s3 = null!;
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Hosting.SessionApiAssembly> _api = null!;

    public async Task InitializeAsync()
    {
        _server = await S3rver.StartAsync();
        var s3Options = new ArchiveS3Options { Bucket = _server.Bucket, Prefix = "archive/", ServiceUrl = _server.ServiceUrl };
        _s3 = S3ArchiveStore.CreateClient(s3Options, new BasicAWSCredentials(S3rver.AccessKeyId, S3rver.SecretAccessKey));
        _api = new SessionApiFactory(fixture.Kube.KubeconfigPath, fixture.Namespace, new Dictionary<string, string?>
        {
            ["Archive:S3:Bucket"] = _server.Bucket,
            ["Archive:S3:ServiceUrl"] = _server.ServiceUrl,
        }).WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            // The SDK's credential chain would look at this machine's AWS settings: the test hands s3rver's key instead.
            services.AddSingleton<IArchiveStore>(provider => new S3ArchiveStore(_s3, provider.GetRequiredService<IOptions<ArchiveOptions>>(), TimeProvider.System))));
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _s3.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<byte[]> UploadArchiveAsync(string session, string speaker, DateTime? started = null)
    {
        var audio = new byte[70_000];
        new Random(3).NextBytes(audio);
        var prefix = $"archive/{fixture.Namespace}/{session}/";
        await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _server.Bucket, Key = prefix + "audio-en.opus", InputStream = new MemoryStream(audio), UseChunkEncoding = false,
        });
        var manifest = new ArchiveManifest
        {
            Namespace = fixture.Namespace, Session = session, SpeakerId = speaker, SourceLanguage = "en", StartedAt = started ?? DateTime.UtcNow.AddHours(-1),
            UpdatedAt = DateTime.UtcNow, EndedAt = DateTime.UtcNow, Complete = true,
            Files = [new("audio-en.opus", "audio", "en", "audio/ogg; codecs=opus", audio.Length, 4)],
        };
        await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _server.Bucket, Key = prefix + ArchiveManifest.FileName, ContentBody = manifest.ToJson(), UseChunkEncoding = false,
        });
        return audio;
    }

    [Fact]
    public async Task The_manifest_comes_from_S3_and_each_file_downloads_from_its_presigned_url()
    {
        var alice = ApiFixture.NewSubject("alice");
        var audio = await UploadArchiveAsync("cloud-talk-701", alice);
        var client = _api.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For(alice, "speaker"));

        var view = (await client.GetFromJsonAsync<ArchiveView>("/sessions/cloud-talk-701/archive"))!;
        var url = Assert.Single(view.Files).Url;
        Assert.StartsWith($"{_server.ServiceUrl}/{_server.Bucket}/archive/{fixture.Namespace}/cloud-talk-701/audio-en.opus?", url, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Signature=", url, StringComparison.Ordinal);

        using var browser = new HttpClient(); // no token: the URL's signature is the permission
        Assert.Equal(audio, await browser.GetByteArrayAsync(url));
        var redirect = await client.GetAsync("/sessions/cloud-talk-701/archive/audio-en.opus");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal(audio, await browser.GetByteArrayAsync(redirect.Headers.Location));
        var tampered = url.Replace("cloud-talk-701/audio-en.opus", "cloud-talk-701/manifest.json", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(tampered)).StatusCode);

        var mallory = _api.CreateClient();
        mallory.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For(ApiFixture.NewSubject("mallory"), "speaker"));
        Assert.Equal(HttpStatusCode.Forbidden, (await mallory.GetAsync("/sessions/cloud-talk-701/archive/audio-en.opus")).StatusCode);
    }

    [Fact]
    public async Task Past_sessions_are_listed_from_the_manifests_in_S3_newest_first_only_the_callers()
    {
        var alice = ApiFixture.NewSubject("alice");
        await UploadArchiveAsync("cloud-old-711", alice, DateTime.UtcNow.AddDays(-2));
        await UploadArchiveAsync("cloud-new-712", alice, DateTime.UtcNow.AddDays(-1));
        await UploadArchiveAsync("cloud-bobs-713", ApiFixture.NewSubject("bob"));
        // A key that only looks like a manifest, one level too deep, is not an archive of this namespace.
        await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _server.Bucket, Key = $"archive/{fixture.Namespace}/cloud-old-711/extra/{ArchiveManifest.FileName}", ContentBody = "{}",
            UseChunkEncoding = false,
        });
        var client = _api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For(alice, "speaker"));

        var ended = (await client.GetFromJsonAsync<EndedSessionView[]>("/sessions?state=ended"))!;

        Assert.Equal(["cloud-new-712", "cloud-old-711"], ended.Select(e => e.Id));
        Assert.Equal("/sessions/cloud-new-712/archive", ended[0].ArchiveUrl);
    }

    [Fact]
    public async Task Listing_with_a_wrong_secret_is_refused_by_the_S3_server()
    {
        var s3Options = new ArchiveS3Options { Bucket = _server.Bucket, Prefix = "archive/", ServiceUrl = _server.ServiceUrl };
        using var wrong = S3ArchiveStore.CreateClient(s3Options, new BasicAWSCredentials(S3rver.AccessKeyId, "not-the-secret"));

        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => wrong.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _server.Bucket, Prefix = "archive/" }));

        Assert.Equal(("SignatureDoesNotMatch", HttpStatusCode.Forbidden), (refused.ErrorCode, refused.StatusCode));
        Assert.NotNull(await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _server.Bucket, Prefix = "archive/" }));
    }
}
