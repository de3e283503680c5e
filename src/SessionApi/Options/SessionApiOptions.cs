using System.ComponentModel.DataAnnotations;
using BroadcastOperator.Shared.Model;
using RequiredAttribute = System.ComponentModel.DataAnnotations.RequiredAttribute;

namespace BroadcastOperator.SessionApi.Options;

/// <summary>
/// Settings of the session API, section `SessionApi` (environment `SessionApi__Name`, e.g.
/// `SessionApi__Namespace=broadcast`). Defaults are the `make run` ones.
/// </summary>
public sealed class SessionApiOptions
{
    public const string Section = "SessionApi";

    /// <summary>Namespace the BroadcastSession resources live in. Default `default`.</summary>
    [Required, RegularExpression("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    public string Namespace { get; set; } = "default";

    /// <summary>
    /// Kubeconfig file for the Kubernetes API. Empty: in-cluster configuration when running in a pod,
    /// else `.local/kubeconfig` (the embedded API server of `make run`).
    /// </summary>
    public string Kubeconfig { get; set; } = "";

    /// <summary>Provider of the signaling channels of new sessions: embedded or kvs. Default embedded.</summary>
    public ChannelProvider ChannelProvider { get; set; } = ChannelProvider.Embedded;

    /// <summary>
    /// Source→target pairs the configured engines serve, as `en-es` items (`SessionApi__ServedPairs__0=en-es`).
    /// Default en-es and en-ca, the pairs of the embedded Debian engines.
    /// </summary>
    public List<string> ServedPairs { get; set; } = [];

    /// <summary>Largest ttlSeconds a caller may ask for. Default 86400 (one day); at most 7 days.</summary>
    [Range(BroadcastSessionSpec.MinTtlSeconds, BroadcastSessionSpec.MaxTtlSeconds)]
    public int MaxTtlSeconds { get; set; } = 86_400;

    /// <summary>Largest maxListeners a caller may ask for. Default 10000.</summary>
    [Range(1, BroadcastSessionSpec.MaxListenersLimit)]
    public int MaxListeners { get; set; } = 10_000;

    /// <summary>Largest request body accepted, in bytes. Default 16384.</summary>
    [Range(256, 1_048_576)]
    public int MaxBodyBytes { get; set; } = 16 * 1024;

    /// <summary>Let callers without a token join sessions as listeners (and read a session). Default false.</summary>
    public bool AllowAnonymousListeners { get; set; }

    /// <summary>
    /// Captions base URL when the session status names no worker service, e.g. `http://127.0.0.1:8090`;
    /// `{session}` and `{namespace}` are replaced. Default `http://127.0.0.1:8090`.
    /// </summary>
    [Required]
    public string CaptionsBaseUrl { get; set; } = "http://127.0.0.1:8090";

    /// <summary>
    /// Captions base URL built from the worker service in the status (a service name; an absolute URL there is used
    /// as is). `{service}`, `{namespace}`, `{session}` are replaced. Default `http://{service}.{namespace}.svc:8080`.
    /// </summary>
    [Required]
    public string WorkerServiceUrlTemplate { get; set; } = "http://{service}.{namespace}.svc:8080";

    /// <summary>
    /// Key that signs captions tickets (at least 32 characters). Empty: a random key per process, which is right for
    /// one replica; set the same key on every replica when running several (the chart does).
    /// </summary>
    public string CaptionTicketKey { get; set; } = "";

    /// <summary>How long a captions ticket from a join stays valid, in seconds. Default 43200 (12 hours).</summary>
    [Range(60, 7 * 86_400)]
    public int CaptionTicketLifetimeSeconds { get; set; } = 43_200;

    /// <summary>Caption streams relayed at once by one SessionApi process. Default 2000.</summary>
    [Range(1, 100_000)]
    public int MaxCaptionStreams { get; set; } = 2_000;

    /// <summary>
    /// Public base URL of SessionApi used in the links it hands out (e.g. `https://broadcast.example.com`).
    /// Empty: the scheme and host of each request.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>
    /// How long the joins of one session share one read of it, in milliseconds (0: every join reads). Default 1000:
    /// a hall joining at once costs the API server one read a second per session.
    /// </summary>
    [Range(0, 10_000)]
    public int JoinSessionReadWindowMilliseconds { get; set; } = 1_000;

    /// <summary>
    /// STUN servers handed to clients ahead of the TURN server (`SessionApi__IceServers__0__Urls__0=stun:…`). They carry no
    /// credentials: a TURN server goes in <see cref="Turn"/>, whose credentials are minted per response.
    /// </summary>
    public List<IceServerOptions> IceServers { get; set; } = [];

    /// <summary>The TURN server whose short-lived credentials each join and speaker-credentials response carries. Default: none.</summary>
    public TurnOptions Turn { get; set; } = new();
}

/// <summary>One STUN server, in the browser's RTCIceServer shape: `stun:` or `stuns:` URLs.</summary>
public sealed class IceServerOptions
{
    public List<string> Urls { get; set; } = [];
}
