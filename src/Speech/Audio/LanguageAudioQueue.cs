namespace BroadcastOperator.Speech.Audio;

/// <summary>
/// Translated speech of one language waiting to be played, at 48 kHz. The synthesizer side appends at its own
/// rate (resampled here); the frame clock takes 20 ms frames and gets comfort silence when nothing is queued,
/// so the listener's stream never stalls. Capacity is bounded: when listeners fall far behind, the oldest audio
/// is dropped rather than growing memory.
/// </summary>
public sealed class LanguageAudioQueue
{
    private readonly object _gate = new();
    private readonly short[] _ring;
    private readonly short[] _resampled = new short[8192];
    private PolyphaseResampler? _resampler;
    private int _read;
    private int _count;

    public LanguageAudioQueue(TimeSpan capacity)
    {
        _ring = new short[(int)(capacity.TotalSeconds * OpusFrameEncoder.SampleRate)];
    }

    /// <summary>Samples (48 kHz) waiting.</summary>
    public int QueuedSamples
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    public long DroppedSamples { get; private set; }

    /// <summary>Raised after audio was appended (outside the queue's lock), so a sleeping frame clock wakes up.</summary>
    public event Action? Appended;

    /// <summary>Appends synthesized PCM at <paramref name="sampleRate"/>; called from the language's worker only.</summary>
    public void Append(ReadOnlySpan<short> samples, int sampleRate)
    {
        if (sampleRate == OpusFrameEncoder.SampleRate)
        {
            Enqueue(samples);
            Appended?.Invoke();
            return;
        }

        if (_resampler is null || _resampler.InputRate != sampleRate)
        {
            _resampler = new PolyphaseResampler(sampleRate, OpusFrameEncoder.SampleRate);
        }

        // Chunks are split so the fixed output buffer always suffices.
        var maxInput = Math.Max(1, (int)((long)_resampled.Length * sampleRate / OpusFrameEncoder.SampleRate) - 64);
        while (!samples.IsEmpty)
        {
            var take = Math.Min(maxInput, samples.Length);
            var produced = _resampler.Process(samples[..take], _resampled);
            Enqueue(_resampled.AsSpan(0, produced));
            samples = samples[take..];
        }

        Appended?.Invoke();
    }

    /// <summary>Fills one frame; returns true when it holds speech, false when (partly) silence was inserted.</summary>
    public bool ReadFrame(Span<short> frame)
    {
        lock (_gate)
        {
            var take = Math.Min(frame.Length, _count);
            var first = Math.Min(take, _ring.Length - _read);
            _ring.AsSpan(_read, first).CopyTo(frame);
            _ring.AsSpan(0, take - first).CopyTo(frame[first..]);
            frame[take..].Clear();
            _read = (_read + take) % _ring.Length;
            _count -= take;
            return take == frame.Length;
        }
    }

    private void Enqueue(ReadOnlySpan<short> samples)
    {
        lock (_gate)
        {
            if (samples.Length > _ring.Length)
            {
                DroppedSamples += samples.Length - _ring.Length;
                samples = samples[^_ring.Length..];
            }

            var overflow = _count + samples.Length - _ring.Length;
            if (overflow > 0)
            {
                _read = (_read + overflow) % _ring.Length;
                _count -= overflow;
                DroppedSamples += overflow;
            }

            var write = (_read + _count) % _ring.Length;
            var first = Math.Min(samples.Length, _ring.Length - write);
            samples[..first].CopyTo(_ring.AsSpan(write));
            samples[first..].CopyTo(_ring);
            _count += samples.Length;
        }
    }
}
