using System.ComponentModel.DataAnnotations;

namespace BroadcastOperator.Signaling.Options;

/// <summary>
/// Settings of the signaling service, section `Signaling` (environment: `Signaling__Name`, e.g.
/// `Signaling__Port=8443`). Defaults are the `make run` ones.
/// </summary>
public sealed class SignalingOptions
{
    public const string Section = "Signaling";

    /// <summary>Address Kestrel listens on: an IP address, `localhost` or `*` (all). Default 127.0.0.1 (loopback only).</summary>
    [Required]
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>HTTPS/WSS port (control plane, data plane, health, metrics). Default 8443; 0 picks a free port.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 8443;

    /// <summary>
    /// Base URL clients reach this service at, e.g. `https://signaling.example.com`. Endpoints returned by
    /// GetSignalingChannelEndpoint use it (wss:// and https://). Empty: the scheme and Host of each request.
    /// </summary>
    public string PublicEndpoint { get; set; } = "";

    /// <summary>PEM or PFX certificate file for TLS. Empty: a self-signed certificate is generated at start.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>PEM private key file (with a PEM certificate) or the PFX password.</summary>
    public string CertificateKeyPath { get; set; } = "";

    public string CertificatePassword { get; set; } = "";

    /// <summary>Where the generated self-signed certificate is saved (PEM) so clients can trust it. Empty: not saved.</summary>
    public string GeneratedCertificatePath { get; set; } = "";

    /// <summary>Region in ARNs and in the SigV4 credential scope clients must sign with. Default us-east-1.</summary>
    [Required]
    public string Region { get; set; } = "us-east-1";

    /// <summary>12-digit account id in channel ARNs. Default 111122223333.</summary>
    [RegularExpression("^[0-9]{12}$")]
    public string AccountId { get; set; } = "111122223333";

    /// <summary>Operator (control-plane) access key id. Empty: generated at start.</summary>
    public string AccessKeyId { get; set; } = "";

    /// <summary>Operator secret access key. Empty: generated at start.</summary>
    public string SecretAccessKey { get; set; } = "";

    /// <summary>If set, the operator credentials are written there (AWS shared-credentials format). `make run`: `.local/credentials`.</summary>
    public string CredentialsFile { get; set; } = "";

    /// <summary>
    /// If set, the channels are kept in this JSON file (written atomically after each change) and read back at start, and
    /// generated operator credentials already in <see cref="CredentialsFile"/> are kept: a restarted service has the same
    /// channels, ARNs and keys, so workers and pages reconnect by themselves. Empty (default): all in memory.
    /// `make run`: `.local/signaling-state.json`.
    /// </summary>
    public string StateFile { get; set; } = "";

    /// <summary>Profile name in <see cref="CredentialsFile"/>. Default broadcast-local.</summary>
    public string CredentialsProfile { get; set; } = "broadcast-local";

    /// <summary>
    /// Root key shared with SessionApi for scoped credentials (≥ 32 bytes). Empty: a random key is generated,
    /// and only the operator credentials work.
    /// </summary>
    public string ScopedCredentialRootKey { get; set; } = "";

    /// <summary>Viewers per channel (KVS allows 10). Default 1000.</summary>
    [Range(1, 1_000_000)]
    public int MaxViewersPerChannel { get; set; } = 1000;

    /// <summary>Channels in the account. Default 10000.</summary>
    [Range(1, 10_000_000)]
    public int MaxChannels { get; set; } = 10_000;

    /// <summary>Largest decoded messagePayload, in bytes. Default 10240 (KVS's 10 KB).</summary>
    [Range(256, 1_048_576)]
    public int MaxPayloadBytes { get; set; } = 10 * 1024;

    /// <summary>Messages a connection may send per second, sustained (all a viewer gets; a master's base). Default 20.</summary>
    [Range(1, 100_000)]
    public double MessagesPerSecond { get; set; } = 20;

    /// <summary>Burst allowance above the sustained rate (a viewer's; a master's base). Default 60 (candidates come in bursts).</summary>
    [Range(1, 100_000)]
    public int MessageBurst { get; set; } = 60;

    /// <summary>
    /// Sustained messages a second a MASTER gets on top of <see cref="MessagesPerSecond"/> for each viewer connected
    /// to its channel, since it answers them all over one connection. Default 5 (KVS's SendSDPAnswer quota of a
    /// connection, so each viewer may renegotiate that often); 0: masters have the base rate only.
    /// </summary>
    [Range(0, 100_000)]
    public double MasterMessagesPerSecondPerViewer { get; set; } = 5;

    /// <summary>
    /// Burst a MASTER gets on top of <see cref="MessageBurst"/> for each viewer connected, added at once as the viewer
    /// joins. Default 20: an answer and its trickled candidates for every one of a crowd that joins together.
    /// </summary>
    [Range(0, 100_000)]
    public int MasterMessageBurstPerViewer { get; set; } = 20;

    /// <summary>Outgoing messages queued per connection; a client that falls further behind is disconnected. Default 256.</summary>
    [Range(1, 100_000)]
    public int SendQueueCapacity { get; set; } = 256;

    /// <summary>Viewer messages kept for a master that is not connected yet, per channel. Default 100.</summary>
    [Range(0, 100_000)]
    public int PendingMessagesForMaster { get; set; } = 100;

    /// <summary>
    /// STUN servers returned by GetIceServerConfig ahead of the TURN server (`Signaling:IceServers:0:Uris:0=stun:…`). They
    /// carry no credentials: a TURN server goes in <see cref="Turn"/>, whose credentials are minted per caller.
    /// </summary>
    public List<IceServerOptions> IceServers { get; set; } = [];

    /// <summary>The TURN server whose short-lived credentials GetIceServerConfig mints (`Signaling:Turn:…`). Default: none.</summary>
    public TurnOptions Turn { get; set; } = new();
}

/// <summary>One STUN server entry of GetIceServerConfig: `stun:` or `stuns:` URIs.</summary>
public sealed class IceServerOptions
{
    public List<string> Uris { get; set; } = [];
}
