using System.Buffers.Binary;

namespace BroadcastOperator.Speech.Engines.Aws.EventStream;

/// <summary>
/// One message of the AWS event-stream binary framing (Transcribe Streaming, Kinesis, S3 Select):
/// <code>
///  0                   1                   2                   3
/// +---------------------------------------------------------------+
/// |                      total length (uint32, BE)                |
/// +---------------------------------------------------------------+
/// |                     headers length (uint32, BE)               |
/// +---------------------------------------------------------------+
/// |            prelude CRC32 (of the 8 bytes above, BE)           |
/// +---------------------------------------------------------------+
/// |                  headers (headers length bytes)               |
/// +---------------------------------------------------------------+
/// |    payload (total - headers length - 16 bytes)                |
/// +---------------------------------------------------------------+
/// |        message CRC32 (of everything above, BE)                |
/// +---------------------------------------------------------------+
/// </code>
/// </summary>
/// <remarks>
/// Kept rather than AWSSDK.Core's public <c>Amazon.Runtime.EventStreams.EventStreamMessage</c>: its
/// <c>FromBuffer</c> takes a whole frame as a byte[] and reports a short or corrupt frame only by throwing, while a
/// frame from the network is parsed here span-first with <c>TryParse</c>, telling "need more bytes" from "bad frame"
/// without exceptions (the codec shape and the fuzz tests beside it); the SDK's decoder that does buffer partial
/// frames is in its <c>Internal</c> namespace.
/// </remarks>
public sealed class EventStreamMessage
{
    public const int PreludeLength = 12;
    public const int MinimumLength = PreludeLength + 4;
    public const int MaximumLength = 16 * 1024 * 1024;
    public const int MaximumHeadersLength = 128 * 1024;

    public EventStreamMessage(IReadOnlyList<EventStreamHeader> headers, ReadOnlyMemory<byte> payload)
    {
        Headers = headers;
        Payload = payload;
    }

    public IReadOnlyList<EventStreamHeader> Headers { get; }

    public ReadOnlyMemory<byte> Payload { get; }

    public string? Header(string name) => Headers.FirstOrDefault(h => h.Name == name)?.StringValue;

    public string? MessageType => Header(":message-type");

    public string? EventType => Header(":event-type");

    /// <summary>An AudioEvent as Transcribe's WebSocket API takes it: 16-bit little-endian PCM.</summary>
    public static EventStreamMessage AudioEvent(ReadOnlyMemory<byte> pcm) => new(
        [
            EventStreamHeader.String(":content-type", "application/octet-stream"),
            EventStreamHeader.String(":event-type", "AudioEvent"),
            EventStreamHeader.String(":message-type", "event"),
        ],
        pcm);

    public int GetSerializedSize() => MinimumLength + HeadersLength() + Payload.Length;

    public int WriteTo(Span<byte> destination)
    {
        var total = GetSerializedSize();
        if (destination.Length < total)
        {
            throw new ArgumentException("destination too small", nameof(destination));
        }

        var headersLength = HeadersLength();
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)headersLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Crc32.Compute(destination[..8]));
        var offset = PreludeLength;
        foreach (var header in Headers)
        {
            offset += header.WriteTo(destination[offset..]);
        }

        Payload.Span.CopyTo(destination[offset..]);
        offset += Payload.Length;
        BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], Crc32.Compute(destination[..offset]));
        return total;
    }

    public byte[] ToArray()
    {
        var bytes = new byte[GetSerializedSize()];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Parses exactly one whole message.</summary>
    public static bool TryParse(ReadOnlySpan<byte> source, out EventStreamMessage message) =>
        TryParse(source, out message!, out var consumed, out _) == EventStreamParseStatus.Complete && consumed == source.Length;

    /// <summary>
    /// Parses the first message of <paramref name="source"/> (a stream may hold more, or less than one).
    /// Checks both CRCs and every length before reading; <paramref name="error"/> says why a frame is invalid.
    /// </summary>
    public static EventStreamParseStatus TryParse(ReadOnlySpan<byte> source, out EventStreamMessage? message, out int consumed, out string? error)
    {
        message = null;
        consumed = 0;
        error = null;
        if (source.Length < PreludeLength)
        {
            return EventStreamParseStatus.NeedMoreData;
        }

        var total = BinaryPrimitives.ReadUInt32BigEndian(source);
        var headersLength = BinaryPrimitives.ReadUInt32BigEndian(source[4..]);
        if (Crc32.Compute(source[..8]) != BinaryPrimitives.ReadUInt32BigEndian(source[8..]))
        {
            error = "prelude CRC mismatch";
            return EventStreamParseStatus.Invalid;
        }

        if (total < MinimumLength || total > MaximumLength || headersLength > MaximumHeadersLength || headersLength > total - MinimumLength)
        {
            error = $"impossible lengths (total {total}, headers {headersLength})";
            return EventStreamParseStatus.Invalid;
        }

        if (source.Length < total)
        {
            return EventStreamParseStatus.NeedMoreData;
        }

        var frame = source[..(int)total];
        if (Crc32.Compute(frame[..^4]) != BinaryPrimitives.ReadUInt32BigEndian(frame[^4..]))
        {
            error = "message CRC mismatch";
            return EventStreamParseStatus.Invalid;
        }

        var headers = new List<EventStreamHeader>();
        var headerBytes = frame.Slice(PreludeLength, (int)headersLength);
        while (!headerBytes.IsEmpty)
        {
            if (!EventStreamHeader.TryParse(headerBytes, out var header, out var used, out error))
            {
                return EventStreamParseStatus.Invalid;
            }

            headers.Add(header);
            headerBytes = headerBytes[used..];
        }

        var payload = frame[(PreludeLength + (int)headersLength)..^4].ToArray();
        message = new EventStreamMessage(headers, payload);
        consumed = (int)total;
        return EventStreamParseStatus.Complete;
    }

    private int HeadersLength() => Headers.Sum(h => h.GetSerializedSize());
}
