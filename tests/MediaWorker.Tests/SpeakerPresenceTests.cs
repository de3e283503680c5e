using BroadcastOperator.MediaWorker.Media;
using BroadcastOperator.Shared.Worker;
using Microsoft.Extensions.Time.Testing;

namespace BroadcastOperator.MediaWorker.Tests;

/// <summary>A speaker whose audio stops is held for the grace period, then gone once; one back in time continues.</summary>
public sealed class SpeakerPresenceTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_speaker_silent_within_the_grace_period_is_held_and_past_it_is_gone_once()
    {
        var presence = new SpeakerPresence(TimeSpan.FromSeconds(30), _time);
        Assert.Equal(SpeakerState.NotYetHeard, presence.State);
        Assert.False(presence.Held);

        presence.OnPacket();
        Assert.Equal(SpeakerState.Present, presence.State);

        _time.Advance(TimeSpan.FromSeconds(5)); // a cut path
        Assert.Equal(SpeakerState.Away, presence.State);
        Assert.True(presence.Held);
        Assert.False(presence.Check());

        _time.Advance(TimeSpan.FromSeconds(27));
        Assert.Equal(SpeakerState.Gone, presence.State);
        Assert.False(presence.Held);
        Assert.True(presence.Check());
        Assert.False(presence.Check()); // said once per absence

        presence.OnPacket();
        Assert.True(presence.Held);
        Assert.False(presence.Check());
        _time.Advance(TimeSpan.FromSeconds(40));
        Assert.True(presence.Check()); // a new absence is reported again
    }

    [Fact]
    public void A_speaker_back_within_the_grace_period_is_never_gone()
    {
        var presence = new SpeakerPresence(TimeSpan.FromSeconds(30), _time);
        presence.OnPacket();
        _time.Advance(TimeSpan.FromSeconds(20));
        presence.OnPacket();
        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.True(presence.Held);
        Assert.False(presence.Check());
    }

    [Fact]
    public void The_grace_period_is_30_seconds_unless_the_variable_says_otherwise()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), AdvertisedSettingsTests.Read().SpeakerGracePeriod);
        Assert.Equal(TimeSpan.FromSeconds(5), AdvertisedSettingsTests.Read((WorkerEnvironment.SpeakerGraceSeconds, "5")).SpeakerGracePeriod);
    }
}
