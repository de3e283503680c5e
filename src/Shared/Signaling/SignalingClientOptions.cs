using System.Net.Security;
using BroadcastOperator.Aws;

namespace BroadcastOperator.Shared.Signaling;

/// <summary>How to join one channel: the WSS endpoint (from GetSignalingChannelEndpoint), role and credentials.</summary>
public sealed class SignalingClientOptions
{
    /// <summary>The channel's WSS endpoint, e.g. `wss://127.0.0.1:8443` or `wss://m-1234.kinesisvideo.us-east-1.amazonaws.com`.</summary>
    public required Uri ChannelEndpoint { get; init; }

    public required string ChannelArn { get; init; }

    public required ChannelRole Role { get; init; }

    /// <summary>Required for a viewer, absent for the master (KVS identifies the master by role).</summary>
    public string? ClientId { get; init; }

    public string Region { get; init; } = "us-east-1";

    public required IAwsCredentialsSource Credentials { get; init; }

    /// <summary>Custom TLS check (the embedded service's self-signed certificate). Null: the system's.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; init; }

    /// <summary>Validity of the presigned URL; the KVS SDK uses 299 seconds.</summary>
    public TimeSpan UrlExpiry { get; init; } = TimeSpan.FromSeconds(299);

    /// <summary>Received messages buffered before the reader must catch up. Default 1024.</summary>
    public int ReceiveBufferCapacity { get; init; } = 1024;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// HTTP version the WebSocket is opened over, exactly (no fallback): 2.0 opens it with an RFC 8441 extended
    /// CONNECT, as Firefox does once TLS negotiated h2. Null (the default): HTTP/1.1 Upgrade, as the KVS SDKs do.
    /// </summary>
    public Version? HttpVersion { get; init; }
}
