namespace BroadcastOperator.MediaWorker.Archive.Ogg;

/// <summary>
/// How many 48 kHz samples an Opus packet decodes to, from its TOC byte (RFC 6716 §3.1): the configuration gives the frame
/// size, the code (bits 0–1) the frame count (0: one, 1 and 2: two, 3: the count in the next byte's low 6 bits).
/// </summary>
public static class OpusPacketDuration
{
    /// <summary>Frame sizes in 48 kHz samples per configuration number 0–31 (RFC 6716 Table 2).</summary>
    private static readonly int[] FrameSamples =
    [
        480, 960, 1920, 2880, 480, 960, 1920, 2880, 480, 960, 1920, 2880, // SILK NB, MB, WB: 10, 20, 40, 60 ms
        480, 960, 480, 960,                                               // Hybrid SWB, FB: 10, 20 ms
        120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960, // CELT NB..FB: 2.5, 5, 10, 20 ms
    ];

    /// <summary>The packet's samples at 48 kHz; 0 for an empty or malformed packet (which an archive skips).</summary>
    public static int Samples(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty)
        {
            return 0;
        }
        var toc = packet[0];
        var frame = FrameSamples[toc >> 3];
        var frames = (toc & 0x3) switch
        {
            0 => 1,
            1 or 2 => 2,
            _ => packet.Length >= 2 ? packet[1] & 0x3F : 0,
        };
        var samples = frame * frames;
        return samples > 5760 ? 0 : samples; // RFC 6716 §3.2.5: at most 120 ms in a packet
    }
}
