using System.Buffers;

namespace BroadcastOperator.Speech.Audio;

/// <summary>
/// Holds back a silent speaker's audio and hands it on in batches, so a speaker connected but quiet (a muted or gated
/// microphone, digital silence, a quiet room) wakes the recognition task about once a second instead of fifty times.
/// Only audio that cannot change what recognition decides is held: every sample below the VAD's absolute gate (so no
/// 10 ms frame of it is voiced, whatever the noise floor) and only after more than the hangover of such audio in a row
/// (so any phrase has already closed on it). Anything else goes on at once, after what was held: the order and the
/// amount of audio recognition sees are unchanged, only the quiet parts arrive later and together. Not thread-safe.
/// </summary>
public sealed class QuietAudioHold
{
    /// <summary>How much quiet audio is handed on at a time: one audio-quality window (1 s at 16 kHz).</summary>
    public const int DefaultCapacity = PhraseSegmenter.SampleRate;

    private readonly short _gatePeak;
    private readonly long _passedBeforeHolding;
    private readonly int _capacity;
    private short[]? _held;
    private int _heldLength;
    private long _quietRun;

    public QuietAudioHold(SegmenterOptions options, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, PhraseSegmenter.FrameSamples);
        // A frame whose every sample is below the gate's amplitude has its mean power below the gate too.
        _gatePeak = (short)Math.Clamp(Math.Floor(32768 * Math.Pow(10, options.VadAbsoluteGateDbfs / 20)), 0, short.MaxValue);
        // One frame more than the hangover: frames straddle the pushes, so the closing frame may hold older audio.
        _passedBeforeHolding = ((long)options.Hangover.TotalMilliseconds * PhraseSegmenter.SampleRate / 1000) + PhraseSegmenter.FrameSamples;
        _capacity = capacity;
    }

    /// <summary>Samples held now.</summary>
    public int HeldLength => _heldLength;

    /// <summary>
    /// Takes <paramref name="samples"/> into the hold when they may wait; false when they go on now, after
    /// <see cref="TakeHeld"/>. When the hold is full, what it held comes out as <paramref name="full"/> (a pooled
    /// buffer the caller now owns, <paramref name="fullLength"/> long) and the samples start the next batch.
    /// </summary>
    public bool TryHold(ReadOnlySpan<short> samples, out short[]? full, out int fullLength)
    {
        full = null;
        fullLength = 0;
        if (samples.IsEmpty)
        {
            return true; // nothing to hand on
        }

        if (!BelowGate(samples))
        {
            _quietRun = 0;
            return false;
        }

        var holding = _quietRun >= _passedBeforeHolding;
        _quietRun += samples.Length;
        if (!holding || samples.Length > _capacity)
        {
            return false;
        }

        if (samples.Length > _capacity - _heldLength)
        {
            full = TakeHeld(out fullLength);
        }

        _held ??= ArrayPool<short>.Shared.Rent(_capacity);
        samples.CopyTo(_held.AsSpan(_heldLength));
        _heldLength += samples.Length;
        return true;
    }

    /// <summary>
    /// What is held, as a pooled buffer (<see cref="ArrayPool{T}.Shared"/>) the caller now owns, with its length;
    /// null when nothing is held (the buffer is only taken from the pool with the first held sample).
    /// </summary>
    public short[]? TakeHeld(out int length)
    {
        var held = _held;
        length = _heldLength;
        _held = null;
        _heldLength = 0;
        return held;
    }

    private bool BelowGate(ReadOnlySpan<short> samples)
    {
        var gate = _gatePeak;
        foreach (var s in samples)
        {
            // short.MinValue's magnitude does not fit a short; compared as ints.
            if (Math.Abs((int)s) >= gate)
            {
                return false;
            }
        }

        return true;
    }
}
