using System.ComponentModel.DataAnnotations;

namespace BroadcastOperator.SessionApi.Options;

/// <summary>Signaling credential settings, section `Credentials` (environment `Credentials__Name`).</summary>
public sealed class CredentialOptions
{
    public const string Section = "Credentials";

    /// <summary>
    /// Root key shared with the embedded signaling service (its `Signaling:ScopedCredentialRootKey`), at least 32 bytes.
    /// Empty: read from <see cref="RootKeyFile"/>, created there when absent.
    /// </summary>
    public string ScopedCredentialRootKey { get; set; } = "";

    /// <summary>Where the root key is kept when not configured. Default `.local/signaling-root-key`.</summary>
    [Required]
    public string RootKeyFile { get; set; } = ".local/signaling-root-key";

    /// <summary>Lifetime of embedded scoped credentials, in seconds. Default 300.</summary>
    [Range(30, 43_200)]
    public int LifetimeSeconds { get; set; } = 300;

    /// <summary>KVS: role assumed with a session policy. Empty: GetFederationToken with the service's own credentials.</summary>
    public string KvsRoleArn { get; set; } = "";

    /// <summary>KVS: lifetime of STS credentials, in seconds (STS allows 900 to 43200). Default 900.</summary>
    [Range(900, 43_200)]
    public int KvsLifetimeSeconds { get; set; } = 900;

    /// <summary>KVS: STS endpoint override (tests, VPC endpoints). Empty: the regional AWS endpoint.</summary>
    public string StsServiceUrl { get; set; } = "";

    /// <summary>KVS: region of the STS client. Default us-east-1.</summary>
    [Required]
    public string StsRegion { get; set; } = "us-east-1";
}
