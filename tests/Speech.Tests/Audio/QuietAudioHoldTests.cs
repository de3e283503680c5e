using BroadcastOperator.Speech.Audio;
using BroadcastOperator.Speech.Tests.Support;

namespace BroadcastOperator.Speech.Tests.Audio;

public class QuietAudioHoldTests
{
    private static readonly SegmenterOptions Options = new() { Hangover = TimeSpan.FromMilliseconds(280), VadAbsoluteGateDbfs = -50 };

    [Fact]
    public void Silence_after_sound_goes_on_at_once_for_more_than_the_hangover_then_waits()
    {
        var hold = new QuietAudioHold(Options);
        Assert.False(hold.TryHold(Signals.UnbrokenSpeechLike(TimeSpan.FromMilliseconds(20)), out _, out _));

        var passed = 0;
        while (!hold.TryHold(Signals.Silence(TimeSpan.FromMilliseconds(20)), out _, out _))
        {
            passed++;
        }

        // 280 ms of hangover and one 10 ms frame, in 20 ms pushes: 15 go on before the first is held.
        Assert.Equal(15, passed);
        Assert.Equal(320, hold.HeldLength);
    }

    [Fact]
    public void Sound_is_never_held_and_starts_the_count_again()
    {
        var hold = new QuietAudioHold(Options);
        for (var i = 0; i < 20; i++)
        {
            hold.TryHold(Signals.Silence(TimeSpan.FromMilliseconds(20)), out _, out _);
        }

        Assert.False(hold.TryHold(Signals.Sine(200, TimeSpan.FromMilliseconds(20), amplitude: 2000), out _, out _));
        Assert.False(hold.TryHold(Signals.Silence(TimeSpan.FromMilliseconds(20)), out _, out _));
    }

    [Theory]
    [InlineData(-49.5, false)] // a single sample at the gate's level may make a frame voiced
    [InlineData(-52, true)]
    public void Only_audio_whose_every_sample_is_below_the_gate_waits(double peakDbfs, bool held)
    {
        var hold = new QuietAudioHold(Options);
        for (var i = 0; i < 20; i++)
        {
            hold.TryHold(Signals.Silence(TimeSpan.FromMilliseconds(20)), out _, out _);
        }

        var quiet = Signals.Silence(TimeSpan.FromMilliseconds(20));
        quiet[100] = (short)-(32768 * Math.Pow(10, peakDbfs / 20));

        Assert.Equal(held, hold.TryHold(quiet, out _, out _));
    }

    [Fact]
    public void A_full_hold_hands_on_what_it_held_whole_and_in_order_and_holds_on()
    {
        var hold = new QuietAudioHold(Options, capacity: 1600);
        for (var i = 0; i < 20; i++)
        {
            hold.TryHold(Signals.Silence(TimeSpan.FromMilliseconds(20)), out _, out _);
        }

        hold.TakeHeld(out _); // the silence past the hangover; the batch starts empty
        var pushes = Enumerable.Range(1, 5).Select(n => Enumerable.Repeat((short)n, 320).ToArray()).ToList();
        foreach (var push in pushes)
        {
            Assert.True(hold.TryHold(push, out var none, out _));
            Assert.Null(none);
        }

        Assert.True(hold.TryHold(Enumerable.Repeat((short)6, 320).ToArray(), out var full, out var fullLength)); // 1600 held: no room

        Assert.NotNull(full);
        Assert.Equal(pushes.SelectMany(p => p), full.AsSpan(0, fullLength).ToArray());
        var rest = hold.TakeHeld(out var restLength);
        Assert.Equal(Enumerable.Repeat((short)6, 320), rest!.AsSpan(0, restLength).ToArray());
        Assert.Null(hold.TakeHeld(out _));
    }
}
