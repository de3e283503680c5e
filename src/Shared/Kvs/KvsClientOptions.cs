using System.Net.Security;
using BroadcastOperator.Aws;

namespace BroadcastOperator.Shared.Kvs;

/// <summary>Where the KVS control plane is and how to reach it.</summary>
public sealed class KvsClientOptions
{
    /// <summary>AWS region (SigV4 scope). Default us-east-1.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>
    /// Control-plane endpoint, e.g. `https://127.0.0.1:8443` for the embedded service. Null: real KVS,
    /// `https://kinesisvideo.{Region}.amazonaws.com`.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Custom TLS check, e.g. to trust the embedded service's self-signed certificate. Null: the system's.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

    /// <summary>How long one attempt may wait for the answer. Default 30 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts in all for a throttled, failed or timed-out call. Default 3, as the AWS SDKs' standard mode.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Median delay before the first retry, doubling after, with jitter. Default 100 ms.</summary>
    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    public AwsRetryOptions ToRetryOptions() => new() { MaxAttempts = MaxAttempts, BaseBackoff = BaseBackoff, AttemptTimeout = Timeout };

    public Uri ResolveEndpoint() => Endpoint ?? new Uri($"https://kinesisvideo.{Region}.amazonaws.com");
}
