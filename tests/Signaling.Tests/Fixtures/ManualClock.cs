namespace BroadcastOperator.Signaling.Tests.Fixtures;

/// <summary>A clock that moves only when the test says so: rates are tested without waiting.</summary>
public sealed class ManualClock : TimeProvider
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);
    private long _elapsedTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _elapsedTicks);

    public override DateTimeOffset GetUtcNow() => Start.AddTicks(GetTimestamp());

    public void Advance(TimeSpan by) => Interlocked.Add(ref _elapsedTicks, by.Ticks);
}
