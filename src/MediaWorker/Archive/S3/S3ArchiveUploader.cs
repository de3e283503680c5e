using Amazon.S3;
using Amazon.S3.Model;
using BroadcastOperator.Shared.Archive;

namespace BroadcastOperator.MediaWorker.Archive.S3;

/// <summary>
/// Mirrors the session's archive folder into S3 as the session runs, with AWSSDK.S3. The media and caption files only
/// grow (Ogg pages, cues and phrase lines are appended, never rewritten), so each is one multipart upload: a part goes
/// up whenever <see cref="PartSize"/> new bytes have accumulated, and the end of the session uploads the rest as the
/// last part and completes it. A file that never reached one part is put whole at the end. The manifest is put at every
/// sync, so S3 always names what the session holds. Every object is written with server-side encryption.
/// A worker that dies leaves its multipart uploads incomplete (invisible; the bucket's lifecycle rule aborts them) and
/// the files on its volume.
/// </summary>
public sealed class S3ArchiveUploader(IAmazonS3 s3, ArchiveS3Settings settings, string directory, ILogger logger)
{
    /// <summary>S3's smallest part but the last.</summary>
    public const long PartSize = 5 * 1024 * 1024;

    private static readonly string[] GrowingExtensions = [".opus", ".vtt", ".srt", ".jsonl"];

    private readonly Dictionary<string, FileUpload> _uploads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Length, DateTime Written)> _put = new(StringComparer.Ordinal);

    /// <summary>Parts uploaded so far, over all files.</summary>
    public int PartsUploaded { get; private set; }

    /// <summary>Syncs every <see cref="ArchiveS3Settings.SyncInterval"/> until stopped; the final sync is the caller's (<see cref="FinishAsync"/>).</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.SyncInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SyncOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Uploads the whole parts the growing files have gained and puts the manifest. A failure is logged and retried next time.</summary>
    public async Task SyncOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (name, path) in Files().Where(f => IsGrowing(f.Name)))
            {
                await UploadWholePartsAsync(name, path, cancellationToken);
            }
            await PutIfChangedAsync(ArchiveManifest.FileName, Path.Combine(directory, ArchiveManifest.FileName), cancellationToken);
        }
        catch (Exception e) when (e is AmazonS3Exception or IOException or HttpRequestException)
        {
            ArchiveLog.UploadFailed(logger, e.Message);
        }
    }

    /// <summary>After the archive has ended its files: the last part of every file, every other file, the manifest last.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        foreach (var (name, path) in Files().Where(f => f.Name != ArchiveManifest.FileName))
        {
            if (IsGrowing(name))
            {
                await UploadWholePartsAsync(name, path, cancellationToken);
            }
            if (_uploads.TryGetValue(name, out var upload))
            {
                await CompleteAsync(upload, path, cancellationToken);
                _uploads.Remove(name);
            }
            else
            {
                await PutIfChangedAsync(name, path, cancellationToken);
            }
        }
        await PutIfChangedAsync(ArchiveManifest.FileName, Path.Combine(directory, ArchiveManifest.FileName), cancellationToken);
    }

    private IEnumerable<(string Name, string Path)> Files() =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory).Select(p => (Name: Path.GetFileName(p), Path: p))
                .Where(f => !f.Name.EndsWith(".tmp", StringComparison.Ordinal)).OrderBy(f => f.Name, StringComparer.Ordinal).ToList()
            : [];

    private static bool IsGrowing(string name) => GrowingExtensions.Any(e => name.EndsWith(e, StringComparison.Ordinal));

    private string Key(string name) => settings.KeyPrefix + name;

    private async Task UploadWholePartsAsync(string name, string path, CancellationToken cancellationToken)
    {
        var length = new FileInfo(path).Length;
        _uploads.TryGetValue(name, out var upload);
        var offset = upload?.Uploaded ?? 0;
        while (length - offset >= PartSize)
        {
            upload ??= _uploads[name] = await StartAsync(name, cancellationToken);
            await UploadPartAsync(upload, name, path, offset, PartSize, cancellationToken);
            offset = upload.Uploaded;
        }
    }

    private async Task<FileUpload> StartAsync(string name, CancellationToken cancellationToken)
    {
        var request = new InitiateMultipartUploadRequest
        {
            BucketName = settings.Bucket,
            Key = Key(name),
            ContentType = ContentTypeOf(name),
            ServerSideEncryptionMethod = new ServerSideEncryptionMethod(settings.ServerSideEncryption),
        };
        if (settings.KmsKeyId is { } kms)
        {
            request.ServerSideEncryptionKeyManagementServiceKeyId = kms;
        }
        var response = await s3.InitiateMultipartUploadAsync(request, cancellationToken);
        return new FileUpload(response.UploadId);
    }

    private async Task UploadPartAsync(FileUpload upload, string name, string path, long offset, long size, CancellationToken cancellationToken)
    {
        var buffer = new byte[size];
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            file.Position = offset;
            await file.ReadExactlyAsync(buffer, cancellationToken);
        }
        var number = upload.Parts.Count + 1;
        var response = await s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = settings.Bucket,
            Key = Key(name),
            UploadId = upload.UploadId,
            PartNumber = number,
            InputStream = new MemoryStream(buffer),
            PartSize = size,
            UseChunkEncoding = false, // the payload's SHA-256 is signed whole (SigV4), no aws-chunked framing
        }, cancellationToken);
        upload.Parts.Add(new PartETag(number, response.ETag));
        upload.Uploaded = offset + size;
        PartsUploaded++;
    }

    private async Task CompleteAsync(FileUpload upload, string path, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        var rest = new FileInfo(path).Length - upload.Uploaded;
        if (rest > 0)
        {
            await UploadPartAsync(upload, name, path, upload.Uploaded, rest, cancellationToken);
        }
        await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = settings.Bucket,
            Key = Key(name),
            UploadId = upload.UploadId,
            PartETags = upload.Parts,
        }, cancellationToken);
    }

    private async Task PutIfChangedAsync(string name, string path, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists || (_put.TryGetValue(name, out var last) && last == (info.Length, info.LastWriteTimeUtc)))
        {
            return;
        }
        byte[] bytes;
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            bytes = new byte[file.Length];
            await file.ReadExactlyAsync(bytes, cancellationToken);
        }
        var request = new PutObjectRequest
        {
            BucketName = settings.Bucket,
            Key = Key(name),
            InputStream = new MemoryStream(bytes),
            ContentType = ContentTypeOf(name),
            UseChunkEncoding = false,
            ServerSideEncryptionMethod = new ServerSideEncryptionMethod(settings.ServerSideEncryption),
        };
        if (settings.KmsKeyId is { } kms)
        {
            request.ServerSideEncryptionKeyManagementServiceKeyId = kms;
        }
        await s3.PutObjectAsync(request, cancellationToken);
        _put[name] = (info.Length, info.LastWriteTimeUtc);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".opus" => "audio/ogg; codecs=opus",
        ".vtt" => "text/vtt",
        ".srt" => "application/x-subrip",
        ".jsonl" => "application/x-ndjson",
        ".json" => "application/json",
        _ => "application/octet-stream",
    };

    /// <summary>One file's multipart upload: its id, the parts sent and how many of the file's bytes they hold.</summary>
    private sealed class FileUpload(string uploadId)
    {
        public string UploadId { get; } = uploadId;

        public List<PartETag> Parts { get; } = [];

        public long Uploaded { get; set; }
    }
}
