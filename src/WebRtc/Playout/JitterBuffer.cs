namespace BroadcastOperator.WebRtc.Playout;

/// <summary>
/// A small adaptive jitter buffer for one audio stream on its way to recognition (the speaker's uplink). Packets go in
/// by sequence number in any order (<see cref="Insert"/>); frames come out in order (<see cref="TryPop"/>). It is
/// driven by arrivals, not by a playout clock: recognition needs every frame in order, not at a steady pace, so a
/// frame that is here leaves at once, and a stall that holds up the whole stream (a busy machine, a network burst)
/// costs nothing. Only a gap waits: a frame missing while later packets are here is given up the target depth after
/// the first of them arrived (it was reordered, or is lost), the depth following the measured interarrival jitter
/// (× <see cref="JitterBufferOptions.JitterFactor"/>) and the recent delay peaks, within
/// <see cref="JitterBufferOptions.MinDepth"/> and <see cref="JitterBufferOptions.MaxDepth"/>. A given-up frame comes
/// out as <see cref="PlayoutKind.Fec"/> when the next packet is here (its in-band FEC copy), else as
/// <see cref="PlayoutKind.Concealed"/>, so the decoder fills the gap instead of the audio closing up; longer gaps are
/// skipped (an outage). While nothing arrives at all nothing comes out: the sender is waited for.
/// Slots are allocated once; nothing per packet. Not thread-safe: the caller holds one lock for both calls.
/// </summary>
public sealed class JitterBuffer
{
    private readonly JitterBufferOptions _options;
    private readonly long[] _slotIndex;
    private readonly double[] _slotArrivalMs;
    private readonly int[] _slotLength;
    private readonly byte[][] _slotData;
    private readonly int _mask;
    private InterarrivalJitter _jitter;
    private MinimumTransit _transit;
    private PeakDelay _peak;
    private bool _started;
    private long _next; // sequence index of the next frame to come out
    private long _highest; // highest sequence index inserted
    private long _lastTimestamp; // unwrapped RTP time of the last packet inserted, to unwrap the next
    private int _frameSamples;

    public JitterBuffer(JitterBufferOptions? options = null)
    {
        _options = options ?? new JitterBufferOptions();
        _options.Validate();
        _mask = _options.Capacity - 1;
        _slotIndex = new long[_options.Capacity];
        _slotArrivalMs = new double[_options.Capacity];
        _slotLength = new int[_options.Capacity];
        _slotData = new byte[_options.Capacity][];
        for (var i = 0; i < _slotData.Length; i++)
        {
            _slotData[i] = new byte[_options.MaxPayload];
        }

        Reset();
    }

    /// <summary>Frames that came out as their own packet.</summary>
    public long Played { get; private set; }

    /// <summary>Lost frames handed out for decoding from the next packet's FEC.</summary>
    public long FecRecovered { get; private set; }

    /// <summary>Lost frames handed out for concealment.</summary>
    public long Concealed { get; private set; }

    /// <summary>Missing frames skipped without output (gaps longer than <see cref="JitterBufferOptions.MaxConcealedGap"/>, or overflow).</summary>
    public long Skipped { get; private set; }

    /// <summary>Packets that came after their frame had come out.</summary>
    public long Late { get; private set; }

    public long Duplicates { get; private set; }

    /// <summary>The RFC 3550 interarrival jitter measured so far.</summary>
    public TimeSpan Jitter => TimeSpan.FromMilliseconds(_jitter.Milliseconds);

    /// <summary>
    /// How long a missing frame is waited for once a later packet is here: the larger of
    /// <see cref="JitterBufferOptions.JitterFactor"/> × the jitter and the peak delay of the last few seconds, within the bounds.
    /// </summary>
    public TimeSpan TargetDepth => TimeSpan.FromMilliseconds(Math.Clamp(
        Math.Max(_options.JitterFactor * _jitter.Milliseconds, _peak.Milliseconds), _options.MinDepth.TotalMilliseconds, _options.MaxDepth.TotalMilliseconds));

    /// <summary>
    /// When the next frame is due (same clock as the arrivals), or null while there is nothing to wait for: no stream,
    /// or nothing after the frames that came out (the sender is waited for, not concealed).
    /// </summary>
    public TimeSpan? NextDeadline
    {
        get
        {
            if (!_started)
            {
                return null;
            }

            var slot = (int)(_next & _mask);
            if (_slotIndex[slot] == _next)
            {
                return TimeSpan.FromMilliseconds(_slotArrivalMs[slot]); // here already: due now
            }

            return GiveUpAtMs() is { } giveUp ? TimeSpan.FromMilliseconds(giveUp) : null;
        }
    }

    /// <summary>Forgets the stream (a new sender); the counters stay.</summary>
    public void Reset()
    {
        Array.Fill(_slotIndex, -1);
        _jitter.Reset();
        _transit.Reset();
        _peak.Reset();
        _started = false;
        _frameSamples = _options.ClockRate / 50;
    }

    public JitterInsertResult Insert(ushort sequenceNumber, uint timestamp, ReadOnlySpan<byte> payload, TimeSpan arrival)
    {
        if (payload.Length > _options.MaxPayload)
        {
            return JitterInsertResult.TooLarge;
        }

        var result = JitterInsertResult.Buffered;
        var index = _started ? _highest + (short)(sequenceNumber - (ushort)_highest) : 0;
        if (_started && Math.Abs(index - _highest) > _options.StreamJump)
        {
            Reset();
            result = JitterInsertResult.NewStream;
        }

        if (!_started)
        {
            Start(sequenceNumber, timestamp);
            index = _highest;
        }

        var unwrapped = _lastTimestamp + (int)(timestamp - (uint)_lastTimestamp);
        if (index < _next)
        {
            Measure(unwrapped, arrival); // a late packet is just what the depth must learn from
            Late++;
            return JitterInsertResult.Late;
        }

        var slot = (int)(index & _mask);
        if (_slotIndex[slot] == index)
        {
            Duplicates++;
            return JitterInsertResult.Duplicate;
        }

        if (index == _highest + 1 && unwrapped - _lastTimestamp is > 0 and <= 5760)
        {
            _frameSamples = (int)(unwrapped - _lastTimestamp); // consecutive packets: their spacing is the frame size
        }

        MakeRoomFor(index);
        _slotIndex[slot] = index;
        _slotArrivalMs[slot] = arrival.TotalMilliseconds;
        _slotLength[slot] = payload.Length;
        payload.CopyTo(_slotData[slot]);
        if (index > _highest)
        {
            _highest = index;
        }

        Measure(unwrapped, arrival);
        return result;
    }

    private void Measure(long unwrappedTimestamp, TimeSpan arrival)
    {
        _lastTimestamp = unwrappedTimestamp;
        var transitMs = arrival.TotalMilliseconds - (unwrappedTimestamp * 1000.0 / _options.ClockRate);
        _jitter.Add(transitMs);
        _transit.Add(transitMs, arrival.TotalMilliseconds);
        _peak.Add(transitMs - _transit.Milliseconds, arrival.TotalMilliseconds);
    }

    /// <summary>The next frame when it is due at <paramref name="now"/> (same clock as the arrivals); false when none is.</summary>
    public bool TryPop(TimeSpan now, out PlayoutFrame frame)
    {
        frame = default;
        if (!_started)
        {
            return false;
        }

        var slot = (int)(_next & _mask);
        if (_slotIndex[slot] != _next && _highest > _next && FirstBufferedAfter(_next) is { } resume && resume - _next > _options.MaxConcealedGap)
        {
            Skipped += resume - _next; // an outage, not loss: concealing it would only add a long fade
            _next = resume;
            slot = (int)(_next & _mask);
        }

        var sequence = (ushort)_next;
        if (_slotIndex[slot] == _next)
        {
            _slotIndex[slot] = -1;
            frame = new PlayoutFrame(PlayoutKind.Packet, _slotData[slot].AsSpan(0, _slotLength[slot]), _frameSamples, sequence);
            Played++;
        }
        else
        {
            if (GiveUpAtMs() is not { } giveUp || now.TotalMilliseconds < giveUp)
            {
                return false; // reordered or lost: not known yet
            }

            var following = (int)((_next + 1) & _mask);
            if (_slotIndex[following] == _next + 1)
            {
                frame = new PlayoutFrame(PlayoutKind.Fec, _slotData[following].AsSpan(0, _slotLength[following]), _frameSamples, sequence);
                FecRecovered++;
            }
            else
            {
                frame = new PlayoutFrame(PlayoutKind.Concealed, [], _frameSamples, sequence);
                Concealed++;
            }
        }

        _next++;
        return true;
    }

    private void Start(ushort sequenceNumber, uint timestamp)
    {
        _started = true;
        _highest = sequenceNumber + 65536L; // room below for packets that arrive late
        _next = _highest;
        _lastTimestamp = timestamp + (1L << 32);
    }

    /// <summary>
    /// When the missing next frame is given up: the target depth after the first later packet arrived, or null while
    /// none has (a frame is never given up on a guess, only when something after it shows it is missing).
    /// </summary>
    private double? GiveUpAtMs()
    {
        double? firstLater = null;
        for (var i = _next + 1; i <= _highest && i < _next + _options.Capacity; i++)
        {
            var slot = (int)(i & _mask);
            if (_slotIndex[slot] == i && (firstLater is not { } earliest || _slotArrivalMs[slot] < earliest))
            {
                firstLater = _slotArrivalMs[slot];
            }
        }

        return firstLater + TargetDepth.TotalMilliseconds;
    }

    /// <summary>A packet too far ahead for the slots: the oldest frames are given up (the playout fell far behind).</summary>
    private void MakeRoomFor(long index)
    {
        while (index - _next >= _options.Capacity)
        {
            _slotIndex[(int)(_next & _mask)] = -1;
            _next++;
            Skipped++;
        }
    }

    private long? FirstBufferedAfter(long index)
    {
        for (var i = index + 1; i <= _highest && i < index + _options.Capacity; i++)
        {
            if (_slotIndex[(int)(i & _mask)] == i)
            {
                return i;
            }
        }

        return null;
    }
}
