using BroadcastOperator.WebRtc.Srtp;

namespace BroadcastOperator.WebRtc.Tests.Srtp;

internal static class SrtpTestData
{
    public static byte[] Hex(string hex) => Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));

    /// <summary>A 20 ms Opus-sized RTP packet: 12-byte header, <paramref name="payloadLength"/> payload bytes.</summary>
    public static byte[] RtpPacket(ushort sequenceNumber, uint ssrc = 0x1234_5678, int payloadLength = 120, uint timestamp = 0)
    {
        var packet = new byte[12 + payloadLength];
        packet[0] = 0x80;
        packet[1] = 111;
        packet[2] = (byte)(sequenceNumber >> 8);
        packet[3] = (byte)sequenceNumber;
        packet[4] = (byte)(timestamp >> 24);
        packet[5] = (byte)(timestamp >> 16);
        packet[6] = (byte)(timestamp >> 8);
        packet[7] = (byte)timestamp;
        packet[8] = (byte)(ssrc >> 24);
        packet[9] = (byte)(ssrc >> 16);
        packet[10] = (byte)(ssrc >> 8);
        packet[11] = (byte)ssrc;
        for (var i = 12; i < packet.Length; i++)
        {
            packet[i] = (byte)(i * 7 + sequenceNumber);
        }

        return packet;
    }

    /// <summary>A receiver report with one report block, from <paramref name="ssrc"/>.</summary>
    public static byte[] RtcpReceiverReport(uint ssrc = 0x1234_5678)
    {
        var packet = Hex("81c90007 00000000 cafebabe 00000000 0000abcd 00000000 00000000 00000000");
        packet[4] = (byte)(ssrc >> 24);
        packet[5] = (byte)(ssrc >> 16);
        packet[6] = (byte)(ssrc >> 8);
        packet[7] = (byte)ssrc;
        return packet;
    }

    public static (SrtpContext Sender, SrtpContext Receiver) Pair(SrtpProfile profile)
    {
        var key = Enumerable.Range(1, profile.MasterKeyLength()).Select(i => (byte)(i * 11)).ToArray();
        var salt = Enumerable.Range(1, profile.MasterSaltLength()).Select(i => (byte)(i * 13)).ToArray();
        return (SrtpContext.Create(profile, key, salt), SrtpContext.Create(profile, key, salt));
    }

    /// <summary>Protects a copy of <paramref name="plain"/>; returns exactly the protected bytes.</summary>
    public static byte[] ProtectRtp(SrtpContext sender, byte[] plain)
    {
        var buffer = new byte[plain.Length + sender.RtpOverhead];
        plain.CopyTo(buffer, 0);
        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtp(buffer, plain.Length, out var length));
        return buffer[..length];
    }

    public static byte[] ProtectRtcp(SrtpContext sender, byte[] plain)
    {
        var buffer = new byte[plain.Length + sender.RtcpOverhead];
        plain.CopyTo(buffer, 0);
        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtcp(buffer, plain.Length, out var length));
        return buffer[..length];
    }

    public static IEnumerable<object[]> Profiles() =>
    [
        [SrtpProfile.AesCm128HmacSha1_80],
        [SrtpProfile.AeadAes128Gcm],
    ];
}
