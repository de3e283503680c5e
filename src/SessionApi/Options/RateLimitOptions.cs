using System.ComponentModel.DataAnnotations;

namespace BroadcastOperator.SessionApi.Options;

/// <summary>Per-caller request limits, section `RateLimits` (environment `RateLimits__CreatePerWindow`, …).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sessions one caller may create per window. Default 10.</summary>
    [Range(1, 100_000)]
    public int CreatePerWindow { get; set; } = 10;

    /// <summary>Joins one caller (or one anonymous address) may make per window. Default 60.</summary>
    [Range(1, 100_000)]
    public int JoinPerWindow { get; set; } = 60;

    /// <summary>Window length in seconds. Default 60.</summary>
    [Range(1, 86_400)]
    public int WindowSeconds { get; set; } = 60;
}
