using BroadcastOperator.WebRtc.Rtp;

namespace BroadcastOperator.WebRtc.Rtcp;

/// <summary>
/// What a receiver reports about one source (RFC 3550 §6.4.1, appendix A.3 and A.8): extended
/// highest sequence number, losses overall and since the last report, interarrival jitter, and
/// the timing of the last sender report for round-trip time.
/// </summary>
public sealed class ReceptionStatistics
{
    private readonly SequenceUnwrapper _unwrapper = new();
    private readonly int _clockRate;
    private long _baseSequence = -1;
    private long _highestSequence;
    private long _received;
    private long _expectedAtLastReport;
    private long _receivedAtLastReport;
    private double _jitter;
    private long? _lastTransit;
    private uint _lastSenderReportNtpMiddle;
    private long _lastSenderReportArrivalTicks;

    public ReceptionStatistics(uint ssrc, int clockRate = 48000)
    {
        Ssrc = ssrc;
        _clockRate = clockRate;
    }

    public uint Ssrc { get; }

    public long PacketsReceived => _received;

    /// <summary>Counts one packet; <paramref name="arrival"/> is the receive time (for jitter).</summary>
    public void OnPacket(in RtpHeader header, TimeSpan arrival)
    {
        var sequence = _unwrapper.Unwrap(header.SequenceNumber);
        if (_baseSequence < 0)
        {
            _baseSequence = sequence;
            _highestSequence = sequence;
        }

        _highestSequence = Math.Max(_highestSequence, sequence);
        _received++;
        var transit = (long)(arrival.TotalSeconds * _clockRate) - header.Timestamp;
        if (_lastTransit is { } last)
        {
            _jitter += (Math.Abs(transit - last) - _jitter) / 16;
        }

        _lastTransit = transit;
    }

    /// <summary>Remembers a sender report from this source so our next report carries LSR and DLSR.</summary>
    public void OnSenderReport(SenderReport report, long arrivalTimestamp)
    {
        _lastSenderReportNtpMiddle = (uint)(report.NtpTimestamp >> 16);
        _lastSenderReportArrivalTicks = arrivalTimestamp;
    }

    /// <summary>A report block for the interval since the previous call.</summary>
    public ReceptionReport CreateReport(TimeProvider time)
    {
        var expected = _baseSequence < 0 ? 0 : _highestSequence - _baseSequence + 1;
        var lost = expected - _received;
        var expectedInterval = expected - _expectedAtLastReport;
        var lostInterval = expectedInterval - (_received - _receivedAtLastReport);
        _expectedAtLastReport = expected;
        _receivedAtLastReport = _received;
        var fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        var delay = _lastSenderReportNtpMiddle == 0 ? 0u : (uint)(time.GetElapsedTime(_lastSenderReportArrivalTicks).TotalSeconds * 65536);
        return new ReceptionReport(
            Ssrc,
            (byte)fraction,
            (int)Math.Clamp(lost, -0x800000, 0x7FFFFF),
            (uint)_highestSequence,
            (uint)_jitter,
            _lastSenderReportNtpMiddle,
            delay);
    }
}
