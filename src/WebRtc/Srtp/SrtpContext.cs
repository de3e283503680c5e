using System.Buffers.Binary;

namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>
/// One SRTP crypto context: the session keys derived from one master key and salt, plus per-SSRC
/// rollover counters, SRTCP indices and replay windows. WebRTC uses two per peer: one keyed with the
/// local master key to protect what we send, one keyed with the remote master key to unprotect what
/// we receive (see <see cref="SrtpSession"/>).
/// All packet methods work in place on the caller's buffer and allocate nothing (apart from the first
/// packet of a new SSRC). Not thread-safe per packet kind: RTP calls from one thread at a time, RTCP
/// calls from one thread at a time (the two may be different threads).
/// </summary>
public sealed class SrtpContext : IDisposable
{
    private readonly ISrtpCipher _cipher;
    // RTP and RTCP keep separate per-SSRC state (and the cipher separate keys), so one thread may
    // handle RTP while another handles RTCP.
    private readonly Dictionary<uint, SrtpStreamState> _rtpSendStreams = [];
    private readonly Dictionary<uint, SrtpStreamState> _rtpReceiveStreams = [];
    private readonly Dictionary<uint, SrtpStreamState> _rtcpSendStreams = [];
    private readonly Dictionary<uint, SrtpStreamState> _rtcpReceiveStreams = [];

    internal SrtpContext(SrtpSessionKeys keys, HmacSha1Backend hmacBackend = HmacSha1Backend.Fastest)
    {
        Profile = keys.Profile;
        _cipher = keys.Profile switch
        {
            SrtpProfile.AesCm128HmacSha1_80 => new AesCmHmacSha1Cipher(keys, hmacBackend),
            SrtpProfile.AeadAes128Gcm => new AeadAesGcmCipher(keys),
            _ => throw SrtpProfileSizes.UnknownProfile(keys.Profile),
        };
    }

    /// <summary>Derives the session keys (RFC 3711 §4.3) from a master key and salt.</summary>
    public static SrtpContext Create(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt) =>
        new(SrtpSessionKeys.Derive(profile, masterKey, masterSalt));

    public SrtpProfile Profile { get; }

    /// <summary>Packets refused by the unprotect methods (and malformed ones given to protect).</summary>
    public SrtpDropCounters Drops { get; } = new();

    /// <summary>Room a protect call needs after the RTP packet.</summary>
    public int RtpOverhead => _cipher.RtpOverhead;

    /// <summary>Room a protect call needs after the RTCP packet.</summary>
    public int RtcpOverhead => _cipher.RtcpOverhead;

    /// <summary>
    /// Protects the RTP packet in <c>buffer[..length]</c> in place; <paramref name="buffer"/> must have
    /// <see cref="RtpOverhead"/> more bytes for the tag.
    /// </summary>
    public SrtpStatus ProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        if ((uint)length > (uint)buffer.Length || !SrtpPacketLayout.TryGetRtpHeaderLength(buffer[..length], out var headerLength))
        {
            return Drops.Count(SrtpStatus.Malformed);
        }

        if (buffer.Length - length < _cipher.RtpOverhead)
        {
            return SrtpStatus.BufferTooSmall;
        }

        var ssrc = SrtpPacketLayout.ReadRtpSsrc(buffer);
        var sequenceNumber = SrtpPacketLayout.ReadSequenceNumber(buffer);
        var stream = GetOrAdd(_rtpSendStreams, ssrc);
        var index = (ulong)sequenceNumber;
        if (stream.HighestSentIndex is { } highest && !RolloverCounter.TryEstimateIndex(highest, sequenceNumber, out index))
        {
            return Drops.Count(SrtpStatus.Malformed);
        }

        if (stream.HighestSentIndex is not { } previous || index > previous)
        {
            stream.HighestSentIndex = index;
        }

        protectedLength = _cipher.ProtectRtp(buffer, headerLength, length, ssrc, index);
        return SrtpStatus.Ok;
    }

    /// <summary>
    /// Authenticates and decrypts the received SRTP <paramref name="packet"/> in place; on
    /// <see cref="SrtpStatus.Ok"/> the RTP packet is <c>packet[..plainLength]</c>.
    /// </summary>
    public SrtpStatus UnprotectRtp(Span<byte> packet, out int plainLength)
    {
        plainLength = 0;
        if (!SrtpPacketLayout.TryGetRtpHeaderLength(packet, out var headerLength)
            || packet.Length - headerLength < _cipher.RtpOverhead)
        {
            return Drops.Count(SrtpStatus.Malformed);
        }

        var ssrc = SrtpPacketLayout.ReadRtpSsrc(packet);
        var sequenceNumber = SrtpPacketLayout.ReadSequenceNumber(packet);
        _rtpReceiveStreams.TryGetValue(ssrc, out var stream);
        var index = (ulong)sequenceNumber;
        if (stream is not null && stream.RtpWindow.HasAny)
        {
            if (!RolloverCounter.TryEstimateIndex(stream.RtpWindow.Highest, sequenceNumber, out index)
                || stream.RtpWindow.IsReplay(index))
            {
                return Drops.Count(SrtpStatus.Replayed);
            }
        }

        if (!_cipher.UnprotectRtp(packet, headerLength, ssrc, index))
        {
            return Drops.Count(SrtpStatus.AuthenticationFailed);
        }

        // Only an authenticated packet may create state or move the window.
        stream ??= GetOrAdd(_rtpReceiveStreams, ssrc);
        stream.RtpWindow.Accept(index);
        plainLength = packet.Length - _cipher.RtpOverhead;
        return SrtpStatus.Ok;
    }

    /// <summary>
    /// Protects (and encrypts) the RTCP compound packet in <c>buffer[..length]</c> in place;
    /// <paramref name="buffer"/> must have <see cref="RtcpOverhead"/> more bytes.
    /// </summary>
    public SrtpStatus ProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        if ((uint)length > (uint)buffer.Length || !SrtpPacketLayout.LooksLikeRtcp(buffer[..length]))
        {
            return Drops.Count(SrtpStatus.Malformed);
        }

        if (buffer.Length - length < _cipher.RtcpOverhead)
        {
            return SrtpStatus.BufferTooSmall;
        }

        var ssrc = SrtpPacketLayout.ReadRtcpSenderSsrc(buffer);
        var stream = GetOrAdd(_rtcpSendStreams, ssrc);
        var srtcpIndex = stream.NextRtcpIndex;
        stream.NextRtcpIndex = (srtcpIndex + 1) & 0x7FFF_FFFF;
        protectedLength = _cipher.ProtectRtcp(buffer, length, ssrc, srtcpIndex);
        return SrtpStatus.Ok;
    }

    /// <summary>
    /// Authenticates and (when its E flag is set) decrypts the received SRTCP <paramref name="packet"/>
    /// in place; on <see cref="SrtpStatus.Ok"/> the RTCP packet is <c>packet[..plainLength]</c>.
    /// </summary>
    public SrtpStatus UnprotectRtcp(Span<byte> packet, out int plainLength)
    {
        plainLength = 0;
        if (!SrtpPacketLayout.LooksLikeRtcp(packet)
            || packet.Length < SrtpPacketLayout.RtcpHeaderLength + _cipher.RtcpOverhead)
        {
            return Drops.Count(SrtpStatus.Malformed);
        }

        var ssrc = SrtpPacketLayout.ReadRtcpSenderSsrc(packet);
        var indexWord = BinaryPrimitives.ReadUInt32BigEndian(packet[_cipher.RtcpIndexOffset(packet.Length)..]);
        var encrypted = (indexWord & 0x8000_0000u) != 0;
        var srtcpIndex = indexWord & 0x7FFF_FFFFu;
        _rtcpReceiveStreams.TryGetValue(ssrc, out var stream);
        if (stream is not null && stream.RtcpWindow.IsReplay(srtcpIndex))
        {
            return Drops.Count(SrtpStatus.Replayed);
        }

        if (!_cipher.UnprotectRtcp(packet, ssrc, srtcpIndex, encrypted))
        {
            return Drops.Count(SrtpStatus.AuthenticationFailed);
        }

        stream ??= GetOrAdd(_rtcpReceiveStreams, ssrc);
        stream.RtcpWindow.Accept(srtcpIndex);
        plainLength = packet.Length - _cipher.RtcpOverhead;
        return SrtpStatus.Ok;
    }

    private static SrtpStreamState GetOrAdd(Dictionary<uint, SrtpStreamState> streams, uint ssrc)
    {
        if (!streams.TryGetValue(ssrc, out var stream))
        {
            stream = new SrtpStreamState(ssrc);
            streams.Add(ssrc, stream);
        }

        return stream;
    }

    public void Dispose() => _cipher.Dispose();
}
