using System.Buffers.Binary;
using BroadcastOperator.WebRtc.Rtcp;
using BroadcastOperator.WebRtc.Rtp;

namespace BroadcastOperator.WebRtc.Peer;

/// <summary>
/// RTCP for one peer: counts what we send and receive, keeps the remote sender's report timing,
/// and writes our periodic compound report: SR when we send (RR otherwise) followed by SDES CNAME
/// (RFC 3550 §6.1). Called from the send path, the receive loop and the timer, hence the lock.
/// </summary>
internal sealed class PeerRtcpReporter
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private readonly object _gate = new();
    private readonly uint _ssrc;
    private readonly SdesChunk _cname;
    private readonly TimeProvider _time;
    private readonly int _clockRate;
    private ReceptionStatistics? _remote;
    private uint _packetsSent;
    private uint _octetsSent;
    private uint _lastRtpTimestamp;
    private long _lastSentAt;
    private long _lastReportAt;

    public PeerRtcpReporter(uint ssrc, string cname, TimeProvider time, int clockRate = 48000)
    {
        _ssrc = ssrc;
        _cname = new SdesChunk(ssrc, [new SdesItem(SdesItem.CName, cname)]);
        _time = time;
        _clockRate = clockRate;
        _lastReportAt = time.GetTimestamp();
    }

    /// <summary>Counts one outgoing RTP packet (before protection).</summary>
    public void OnRtpSent(ReadOnlySpan<byte> rtp, int payloadLength)
    {
        lock (_gate)
        {
            _packetsSent++;
            _octetsSent += (uint)payloadLength;
            _lastRtpTimestamp = BinaryPrimitives.ReadUInt32BigEndian(rtp[4..]);
            _lastSentAt = _time.GetTimestamp();
        }
    }

    public void OnRtpReceived(in RtpHeader header)
    {
        lock (_gate)
        {
            if (_remote?.Ssrc != header.Ssrc)
            {
                _remote = new ReceptionStatistics(header.Ssrc, _clockRate);
            }

            _remote.OnPacket(header, TimeSpan.FromTicks(_time.GetUtcNow().UtcTicks));
        }
    }

    public void OnRtcpReceived(IReadOnlyList<IRtcpPacket> packets)
    {
        lock (_gate)
        {
            foreach (var report in packets.OfType<SenderReport>())
            {
                if (report.Ssrc == _remote?.Ssrc)
                {
                    _remote.OnSenderReport(report, _time.GetTimestamp());
                }
            }
        }
    }

    /// <summary>Writes the next report into <paramref name="destination"/> when one is due; returns its length or 0.</summary>
    public int WriteReportIfDue(Span<byte> destination)
    {
        IRtcpPacket[] packets;
        lock (_gate)
        {
            if (_time.GetElapsedTime(_lastReportAt) < Interval)
            {
                return 0;
            }

            _lastReportAt = _time.GetTimestamp();
            ReceptionReport[] blocks = _remote is null ? [] : [_remote.CreateReport(_time)];
            IRtcpPacket first = _packetsSent > 0
                ? new SenderReport(_ssrc, NtpTime.FromDateTime(_time.GetUtcNow()), CurrentRtpTimestamp(), _packetsSent, _octetsSent, blocks)
                : new ReceiverReport(_ssrc, blocks);
            packets = [first, new SourceDescription([_cname])];
        }

        return RtcpCompoundPacket.GetSerializedSize(packets) > destination.Length ? 0 : RtcpCompoundPacket.WriteTo(packets, destination);
    }

    /// <summary>The RTP clock now, extrapolated from the last packet sent (RFC 3550 §6.4.1).</summary>
    private uint CurrentRtpTimestamp() =>
        _lastRtpTimestamp + (uint)(_time.GetElapsedTime(_lastSentAt).TotalSeconds * _clockRate);
}
