using Amazon;
using Amazon.S3;
using Amazon.S3.Model;
using BroadcastOperator.Operator.Options;

namespace BroadcastOperator.Operator.Archive;

/// <summary>
/// Archives in S3 (AWS mode), under {prefix}{namespace}/{session}/ as the workers upload them: the index is every
/// {prefix}{namespace}/{session}/manifest.json (ListObjectsV2, then GetObject), and an archive is removed by deleting
/// every key under its session prefix (DeleteObjects, a thousand keys a request). Needs s3:ListBucket, s3:GetObject
/// and s3:DeleteObject on the prefix (the chart README's operator policy).
/// </summary>
public sealed class S3ArchiveIndex(IAmazonS3 s3, string bucket, string prefix) : IArchiveIndex
{
    private const string ManifestName = "manifest.json";

    public string Location => $"s3://{bucket}/{prefix}";

    public async Task<IReadOnlyList<ArchiveEntry>> ListAsync(CancellationToken cancellationToken)
    {
        var entries = new List<ArchiveEntry>();
        foreach (var key in await KeysAsync(prefix, cancellationToken))
        {
            // {namespace}/{session}/manifest.json exactly: a deeper key is not a session's manifest.
            var rest = key[prefix.Length..];
            if (!rest.EndsWith("/" + ManifestName, StringComparison.Ordinal) || rest.Count(c => c == '/') != 2)
            {
                continue;
            }
            if (await ReadAsync(key, cancellationToken) is { } json
                && ArchiveRetention.Parse(json, key[..^ManifestName.Length]) is { } entry)
            {
                entries.Add(entry);
            }
        }
        return entries;
    }

    public async Task RemoveAsync(ArchiveEntry archive, CancellationToken cancellationToken)
    {
        // The manifest last: an interrupted removal leaves an archive the next sweep still finds and finishes.
        var keys = (await KeysAsync(archive.Location, cancellationToken))
            .OrderBy(k => k.EndsWith("/" + ManifestName, StringComparison.Ordinal)).ToList();
        foreach (var batch in keys.Chunk(1000))
        {
            var response = await s3.DeleteObjectsAsync(new DeleteObjectsRequest
            {
                BucketName = bucket,
                Objects = batch.Select(k => new KeyVersion { Key = k }).ToList(),
            }, cancellationToken);
            if (response.DeleteErrors is { Count: > 0 } errors)
            {
                throw new IOException($"S3 refused to delete {errors.Count} keys under {archive.Location}: {errors[0].Code} {errors[0].Message}");
            }
        }
    }

    private async Task<List<string>> KeysAsync(string keyPrefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = keyPrefix };
        do
        {
            var page = await s3.ListObjectsV2Async(request, cancellationToken);
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
        return keys;
    }

    private async Task<string?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await s3.GetObjectAsync(bucket, key, cancellationToken);
            using var reader = new StreamReader(response.ResponseStream);
            return await reader.ReadToEndAsync(cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null; // removed between the listing and the read
        }
    }

    /// <summary>The client: the SDK's credential chain (the operator's pod identity), the bucket's region or an S3-compatible endpoint.</summary>
    public static AmazonS3Client CreateClient(ArchiveS3Options settings, Amazon.Runtime.AWSCredentials? credentials = null)
    {
        var config = new AmazonS3Config
        {
            RequestChecksumCalculation = Amazon.Runtime.RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = Amazon.Runtime.ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (settings.ServiceUrl is { Length: > 0 } url)
        {
            config.ServiceURL = url;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = settings.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region);
        }
        return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }
}
