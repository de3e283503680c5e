using System.Buffers.Binary;
using System.Text;

namespace BroadcastOperator.MediaWorker.Archive.Ogg;

/// <summary>
/// Writes an Ogg Opus stream (RFC 7845) packet by packet, without re-encoding: the OpusHead page (beginning of stream), the
/// OpusTags page, then audio pages of whole packets whose granule position is the count of 48 kHz samples of every packet
/// completed so far. A page is written and flushed to the operating system at least every second of audio, so a process
/// killed mid-stream leaves a file that plays up to its last page (it only lacks the end-of-stream flag).
/// </summary>
public sealed class OggOpusWriter : IDisposable
{
    /// <summary>
    /// Samples the decoder drops at the start (RFC 7845 §4.2): libopus's look-ahead at 48 kHz, what browsers and our encoder add.
    /// </summary>
    public const int PreSkip = 312;
    public const int SampleRate = 48000;
    private const int PagePackets = 50;

    private readonly Stream _stream;
    private readonly uint _serial;
    private readonly List<ReadOnlyMemory<byte>> _pending = [];
    private readonly byte[] _page = new byte[OggPage.HeaderSize + OggPage.MaxLacingValues * 256];
    private int _pendingLacing;
    private uint _sequence;
    private bool _completed;

    public OggOpusWriter(Stream stream, uint serial, string vendor, IReadOnlyDictionary<string, string>? tags = null)
    {
        _stream = stream;
        _serial = serial;
        WritePage(OggPage.BeginningOfStream, 0, [OpusHead()]);
        WritePage(0, 0, [OpusTags(vendor, tags ?? new Dictionary<string, string>())]);
        _stream.Flush();
    }

    /// <summary>Samples of every packet written so far (buffered ones included), the granule position of the next page.</summary>
    public long Samples { get; private set; }

    /// <summary>What a player plays: every sample written but the pre-skip.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(Math.Max(0, Samples - PreSkip) / (double)SampleRate);

    /// <summary>Bytes in the file so far.</summary>
    public long Bytes => _stream.Length;

    /// <summary>Appends one Opus packet; false (and nothing written) for one whose duration cannot be read.</summary>
    public bool Write(ReadOnlySpan<byte> packet)
    {
        var samples = OpusPacketDuration.Samples(packet);
        if (samples == 0 || _completed)
        {
            return false;
        }
        var lacing = OggPage.LacingValues(packet.Length);
        if (_pendingLacing + lacing > OggPage.MaxLacingValues)
        {
            FlushPage();
        }
        _pending.Add(packet.ToArray());
        _pendingLacing += lacing;
        Samples += samples;
        if (_pending.Count >= PagePackets)
        {
            FlushPage();
        }
        return true;
    }

    /// <summary>Appends <paramref name="silence"/> (a 20 ms packet) until the stream reaches <paramref name="samples"/>, to within one frame.</summary>
    public int FillTo(long samples, ReadOnlySpan<byte> silence)
    {
        var frame = OpusPacketDuration.Samples(silence);
        var written = 0;
        while (frame > 0 && Samples + frame <= samples && Write(silence))
        {
            written++;
        }
        return written;
    }

    /// <summary>Writes the packets held back as one page and hands the bytes to the operating system.</summary>
    public void FlushPage()
    {
        if (_pending.Count == 0)
        {
            return;
        }
        WritePage(0, Samples, _pending);
        _pending.Clear();
        _pendingLacing = 0;
        _stream.Flush();
    }

    /// <summary>Ends the stream: the last page carries the end-of-stream flag (with one silent frame when nothing is held back).</summary>
    public void Complete(ReadOnlySpan<byte> silence)
    {
        if (_completed)
        {
            return;
        }
        if (_pending.Count == 0)
        {
            Write(silence);
        }
        WritePage(OggPage.EndOfStream, Samples, _pending);
        _pending.Clear();
        _pendingLacing = 0;
        _completed = true;
        _stream.Flush();
    }

    public void Dispose() => _stream.Dispose();

    private void WritePage(byte headerType, long granule, IReadOnlyList<ReadOnlyMemory<byte>> packets)
    {
        var page = new OggPage(headerType, granule, _serial, _sequence++, packets);
        var length = page.WriteTo(_page);
        _stream.Write(_page, 0, length);
    }

    /// <summary>RFC 7845 §5.1: magic, version 1, one channel, pre-skip, input rate, gain 0, mapping family 0.</summary>
    private static byte[] OpusHead()
    {
        var head = new byte[19];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1;
        head[9] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(10), PreSkip);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), SampleRate);
        BinaryPrimitives.WriteInt16LittleEndian(head.AsSpan(16), 0);
        head[18] = 0;
        return head;
    }

    /// <summary>RFC 7845 §5.2: magic, vendor string, then the user comments as KEY=value, all lengths 32-bit little-endian.</summary>
    private static byte[] OpusTags(string vendor, IReadOnlyDictionary<string, string> tags)
    {
        using var buffer = new MemoryStream();
        buffer.Write("OpusTags"u8);
        WriteString(buffer, vendor);
        Span<byte> count = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(count, (uint)tags.Count);
        buffer.Write(count);
        foreach (var (key, value) in tags)
        {
            WriteString(buffer, $"{key}={value}");
        }
        return buffer.ToArray();
    }

    private static void WriteString(Stream stream, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)bytes.Length);
        stream.Write(length);
        stream.Write(bytes);
    }
}
