namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>
/// The cryptographic transform of one profile, given the packet index already worked out.
/// Sequence numbers, rollover and replay belong to <see cref="SrtpContext"/>, not here.
/// </summary>
internal interface ISrtpCipher : IDisposable
{
    /// <summary>Bytes appended to an SRTP packet.</summary>
    int RtpOverhead { get; }

    /// <summary>Bytes appended to an SRTCP packet (tag and E||index word).</summary>
    int RtcpOverhead { get; }

    /// <summary>Encrypts <c>buffer[headerLength..length]</c> in place and appends the tag; returns the new length.</summary>
    int ProtectRtp(Span<byte> buffer, int headerLength, int length, uint ssrc, ulong index);

    /// <summary>Checks the tag and decrypts in place; false when authentication fails.</summary>
    bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index);

    /// <summary>Encrypts everything after the first 8 bytes, appends E||index and tag; returns the new length.</summary>
    int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint srtcpIndex);

    /// <summary>Checks the tag and, when <paramref name="encrypted"/>, decrypts in place.</summary>
    bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint srtcpIndex, bool encrypted);

    /// <summary>Offset of the E||SRTCP-index word in a protected SRTCP packet of this length.</summary>
    int RtcpIndexOffset(int packetLength);
}
