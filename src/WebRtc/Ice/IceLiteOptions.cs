namespace BroadcastOperator.WebRtc.Ice;

public sealed record IceLiteOptions
{
    /// <summary>An endpoint that sends no valid check for this long loses consent (RFC 7675 uses 30 s).</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>SOFTWARE attribute on responses; null for none.</summary>
    public string? Software { get; init; }
}
