using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace BroadcastOperator.MediaWorker.Archive.S3;

/// <summary>The AWSSDK.S3 client for the archive: the SDK's credential chain (pod identity in a cluster), the settings' region or endpoint.</summary>
public static class ArchiveS3Client
{
    public static AmazonS3Client Create(ArchiveS3Settings settings, AWSCredentials? credentials = null, Func<HttpClient>? http = null)
    {
        var config = new AmazonS3Config
        {
            // Checksums only where S3 requires them: S3-compatible servers (and older S3 APIs) do not take the trailing ones.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
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
        if (http is not null)
        {
            config.HttpClientFactory = new FixedHttpClientFactory(http);
        }
        return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }

    /// <summary>Hands the SDK an HttpClient of the caller's making (a test records the requests it sends).</summary>
    private sealed class FixedHttpClientFactory(Func<HttpClient> create) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => create();
    }
}
