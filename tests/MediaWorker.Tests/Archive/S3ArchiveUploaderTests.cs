using System.Collections.Concurrent;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using BroadcastOperator.MediaWorker.Archive.S3;
using BroadcastOperator.Shared.Archive;
using BroadcastOperator.TestSupport.S3;
using Microsoft.Extensions.Logging.Abstractions;

namespace BroadcastOperator.MediaWorker.Tests.Archive;

/// <summary>The archive's S3 upload against s3rver (npm), which checks every SigV4 signature.</summary>
public sealed class S3ArchiveUploaderTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("archive-s3-").FullName;
    private readonly ConcurrentQueue<HttpRequestMessage> _sent = new();
    private S3rver _server = null!;

    public async Task InitializeAsync() => _server = await S3rver.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private ArchiveS3Settings Settings => new(_server.Bucket, "archive/team/talk/", "us-east-1") { ServiceUrl = _server.ServiceUrl };

    private AmazonS3Client Client(string secret = S3rver.SecretAccessKey) =>
        ArchiveS3Client.Create(Settings, new BasicAWSCredentials(S3rver.AccessKeyId, secret), () => new HttpClient(new Recorder(_sent)));

    private void Append(string name, byte[] bytes)
    {
        using var file = new FileStream(Path.Combine(_directory, name), FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        file.Write(bytes);
    }

    [Fact]
    public async Task Growing_files_go_up_in_parts_as_the_session_runs_and_complete_at_its_end_encrypted_and_signed()
    {
        using var s3 = Client();
        var uploader = new S3ArchiveUploader(s3, Settings, _directory, NullLogger.Instance);
        var audio = new byte[13 * 1024 * 1024 + 4321];
        new Random(7).NextBytes(audio);

        Append("audio-en.opus", audio[..(6 * 1024 * 1024)]);
        Append("captions-es.vtt", "WEBVTT\n\n"u8.ToArray());
        new ArchiveManifest { Session = "talk", SourceLanguage = "en" }.WriteTo(_directory);
        await uploader.SyncOnceAsync(CancellationToken.None);
        Assert.Equal(1, uploader.PartsUploaded); // one whole part; the caption file is still below one
        Append("audio-en.opus", audio[(6 * 1024 * 1024)..(11 * 1024 * 1024)]);
        await uploader.SyncOnceAsync(CancellationToken.None);
        Assert.Equal(2, uploader.PartsUploaded);
        Append("audio-en.opus", audio[(11 * 1024 * 1024)..]);
        Append("captions-es.vtt", "00:00:01.000 --> 00:00:02.000\nHola\n"u8.ToArray());
        new ArchiveManifest { Session = "talk", SourceLanguage = "en", Complete = true }.WriteTo(_directory);
        await uploader.FinishAsync(CancellationToken.None);

        Assert.Equal(3, uploader.PartsUploaded); // the rest as the last part
        Assert.Equal(audio, await GetAsync(s3, "archive/team/talk/audio-en.opus"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(_directory, "captions-es.vtt")), await GetAsync(s3, "archive/team/talk/captions-es.vtt"));
        Assert.True(ArchiveManifest.TryParse(System.Text.Encoding.UTF8.GetString(await GetAsync(s3, "archive/team/talk/manifest.json")))!.Complete);

        // Every object was created with server-side encryption, the header under the SigV4 signature s3rver checked.
        var creates = _sent.Where(r => r.Method == HttpMethod.Put && !r.RequestUri!.Query.Contains("partNumber", StringComparison.Ordinal)
            || r.Method == HttpMethod.Post && r.RequestUri!.Query.Contains("uploads", StringComparison.Ordinal)).ToList();
        Assert.True(creates.Count >= 3, $"{creates.Count} object creations seen");
        Assert.All(creates, r =>
        {
            Assert.Equal("AES256", r.Headers.GetValues("x-amz-server-side-encryption").Single());
            var authorization = r.Headers.GetValues("Authorization").Single();
            Assert.StartsWith("AWS4-HMAC-SHA256 ", authorization, StringComparison.Ordinal);
            Assert.Matches("SignedHeaders=[^,]*x-amz-server-side-encryption", authorization);
        });
    }

    [Fact]
    public async Task A_presigned_url_downloads_the_object_and_s3rver_refuses_bad_signatures()
    {
        using var s3 = Client();
        Append("audio-en.opus", [1, 2, 3, 4, 5]);
        await new S3ArchiveUploader(s3, Settings, _directory, NullLogger.Instance).FinishAsync(CancellationToken.None);
        var url = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = _server.Bucket, Key = "archive/team/talk/audio-en.opus", Verb = HttpVerb.GET, Expires = DateTime.UtcNow.AddMinutes(5),
            Protocol = Protocol.HTTP,
        });
        using var http = new HttpClient();

        Assert.Equal([1, 2, 3, 4, 5], await http.GetByteArrayAsync(url));
        var tampered = url.Replace("X-Amz-Signature=", "X-Amz-Signature=0", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(tampered)).StatusCode);
        using var wrongSecret = Client("not-the-secret");
        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => wrongSecret.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _server.Bucket, Key = "archive/team/talk/x", ContentBody = "x", UseChunkEncoding = false,
        }));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("SignatureDoesNotMatch", refused.ErrorCode);
    }

    private async Task<byte[]> GetAsync(IAmazonS3 s3, string key)
    {
        using var response = await s3.GetObjectAsync(_server.Bucket, key);
        using var bytes = new MemoryStream();
        await response.ResponseStream.CopyToAsync(bytes);
        return bytes.ToArray();
    }

    /// <summary>Keeps each request the SDK sends (headers only) before it goes to s3rver.</summary>
    private sealed class Recorder(ConcurrentQueue<HttpRequestMessage> sent) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            sent.Enqueue(request);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
