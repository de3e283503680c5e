using System.Net;
using Amazon;
using Amazon.S3;
using Amazon.S3.Model;
using BroadcastOperator.SessionApi.Options;
using BroadcastOperator.Shared.Archive;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.SessionApi.Archive;

/// <summary>
/// Archives in S3 (AWS mode), under {prefix}{namespace}/{session}/ as the workers upload them: the manifests are read
/// with AWSSDK.S3, files are handed out as presigned GET URLs (SigV4 in the query, valid for
/// <see cref="ArchiveOptions.PresignedUrlLifetime"/>), so the bytes never pass through SessionApi.
/// </summary>
public sealed class S3ArchiveStore(IAmazonS3 s3, IOptions<ArchiveOptions> options, TimeProvider time) : IArchiveStore
{
    private ArchiveS3Options S3 => options.Value.S3;

    public async Task<ArchiveManifest?> GetManifestAsync(string ns, string session, CancellationToken cancellationToken) =>
        await ReadManifestAsync(Prefix(ns, session) + ArchiveManifest.FileName, cancellationToken);

    public async Task<IReadOnlyList<ArchiveManifest>> ListAsync(string ns, CancellationToken cancellationToken)
    {
        var manifests = new List<ArchiveManifest>();
        // Every key under the namespace, the manifests picked out: no delimiter (S3-compatible servers canonicalize an
        // encoded '/' in it differently from AWS's signer).
        var prefix = S3.Prefix + ns + "/";
        var request = new ListObjectsV2Request { BucketName = S3.Bucket, Prefix = prefix };
        do
        {
            var page = await s3.ListObjectsV2Async(request, cancellationToken);
            foreach (var key in (page.S3Objects ?? []).Select(o => o.Key)
                .Where(k => k.EndsWith("/" + ArchiveManifest.FileName, StringComparison.Ordinal) && k[prefix.Length..].Count(c => c == '/') == 1))
            {
                if (await ReadManifestAsync(key, cancellationToken) is { } manifest)
                {
                    manifests.Add(manifest);
                }
            }
            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
        return manifests;
    }

    public async Task<ArchiveDownload?> LocateAsync(string ns, string session, ArchiveManifestFile file, CancellationToken cancellationToken)
    {
        if (!ArchiveFileNames.IsSafe(file.Name))
        {
            return null;
        }
        var url = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = S3.Bucket,
            Key = Prefix(ns, session) + file.Name,
            Verb = HttpVerb.GET,
            Protocol = S3.ServiceUrl.StartsWith("http:", StringComparison.OrdinalIgnoreCase) ? Protocol.HTTP : Protocol.HTTPS,
            Expires = time.GetUtcNow().UtcDateTime + options.Value.PresignedUrlLifetime,
            ResponseHeaderOverrides = { ContentDisposition = $"attachment; filename=\"{file.Name}\"" },
        });
        return new ArchiveDownload.Redirect(new Uri(url));
    }

    private string Prefix(string ns, string session) => $"{S3.Prefix}{ns}/{session}/";

    private async Task<ArchiveManifest?> ReadManifestAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await s3.GetObjectAsync(S3.Bucket, key, cancellationToken);
            using var reader = new StreamReader(response.ResponseStream);
            return ArchiveManifest.TryParse(await reader.ReadToEndAsync(cancellationToken));
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The client: the SDK's credential chain, the bucket's region, or an S3-compatible endpoint (path-style).</summary>
    public static AmazonS3Client CreateClient(ArchiveS3Options settings, Amazon.Runtime.AWSCredentials? credentials = null)
    {
        var config = new AmazonS3Config
        {
            RequestChecksumCalculation = Amazon.Runtime.RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = Amazon.Runtime.ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (settings.ServiceUrl.Length > 0)
        {
            config.ServiceURL = settings.ServiceUrl;
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
