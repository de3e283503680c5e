using System.Net.Security;

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

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public Uri ResolveEndpoint() => Endpoint ?? new Uri($"https://kinesisvideo.{Region}.amazonaws.com");
}
