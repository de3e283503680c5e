using System.ComponentModel.DataAnnotations;

namespace BroadcastOperator.SessionApi.Options;

/// <summary>
/// Request limits, section `RateLimits` (environment `RateLimits__CreatePerWindow`, …). Creating is limited per
/// caller; joining per session and per listener, so a hall of people pressing Play at once (behind one NAT, or
/// through one frontend) all get in, while one listener retrying in a loop does not.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sessions one caller may create per window. Default 10.</summary>
    [Range(1, 100_000)]
    public int CreatePerWindow { get; set; } = 10;

    /// <summary>Joins one signed-in listener (JWT subject) may make to one session per window. Default 20.</summary>
    [Range(1, 100_000)]
    public int JoinsPerListenerPerWindow { get; set; } = 20;

    /// <summary>Signed-in joins one session takes at once (a hall pressing Play in the same seconds). Default 2000.</summary>
    [Range(1, 1_000_000)]
    public int SessionJoinBurst { get; set; } = 2000;

    /// <summary>Signed-in joins per second one session takes once its burst is spent. Default 100.</summary>
    [Range(1, 100_000)]
    public int SessionJoinsPerSecond { get; set; } = 100;

    /// <summary>
    /// Anonymous joins one session takes at once, whatever addresses they come from (anonymous listeners behind one
    /// NAT share an address, so the address says nothing). A budget of their own: an anonymous flood cannot use up
    /// the signed-in listeners' one. Default 1000.
    /// </summary>
    [Range(1, 1_000_000)]
    public int AnonymousJoinBurst { get; set; } = 1000;

    /// <summary>Anonymous joins per second one session takes once its burst is spent. Default 50.</summary>
    [Range(1, 100_000)]
    public int AnonymousJoinsPerSecond { get; set; } = 50;

    /// <summary>Window length in seconds, for <see cref="CreatePerWindow"/> and <see cref="JoinsPerListenerPerWindow"/>. Default 60.</summary>
    [Range(1, 86_400)]
    public int WindowSeconds { get; set; } = 60;
}
