using System.Buffers.Binary;
using System.Text;

namespace BroadcastOperator.Speech.Engines.Aws.EventStream;

/// <summary>
/// One event-stream header:
/// <code>
/// +-----------+------------------+-----------+-------------------------------------+
/// | name len  | name (UTF-8)     | type (1)  | value (by type: fixed size, or      |
/// | (1 byte)  | (1..255 bytes)   |           |  2-byte big-endian length + bytes)  |
/// +-----------+------------------+-----------+-------------------------------------+
/// </code>
/// Integers and timestamps (milliseconds since the epoch) are big-endian; a UUID is 16 raw bytes.
/// </summary>
public sealed record EventStreamHeader(string Name, EventStreamHeaderType Type, long Integer = 0, byte[]? Bytes = null)
{
    public static EventStreamHeader String(string name, string value) => new(name, EventStreamHeaderType.String, Bytes: Encoding.UTF8.GetBytes(value));

    public static EventStreamHeader ByteArray(string name, byte[] value) => new(name, EventStreamHeaderType.ByteArray, Bytes: value);

    public static EventStreamHeader Bool(string name, bool value) => new(name, value ? EventStreamHeaderType.BoolTrue : EventStreamHeaderType.BoolFalse);

    public static EventStreamHeader Int32(string name, int value) => new(name, EventStreamHeaderType.Int32, value);

    public static EventStreamHeader Int64(string name, long value) => new(name, EventStreamHeaderType.Int64, value);

    public static EventStreamHeader Timestamp(string name, DateTimeOffset value) => new(name, EventStreamHeaderType.Timestamp, value.ToUnixTimeMilliseconds());

    public string? StringValue => Type == EventStreamHeaderType.String && Bytes is not null ? Encoding.UTF8.GetString(Bytes) : null;

    public int GetSerializedSize() => 1 + Encoding.UTF8.GetByteCount(Name) + 1 + ValueSize(Type, Bytes?.Length ?? 0);

    public int WriteTo(Span<byte> destination)
    {
        var nameLength = Encoding.UTF8.GetBytes(Name, destination[1..]);
        destination[0] = (byte)nameLength;
        var offset = 1 + nameLength;
        destination[offset++] = (byte)Type;
        switch (Type)
        {
            case EventStreamHeaderType.BoolTrue or EventStreamHeaderType.BoolFalse:
                break;
            case EventStreamHeaderType.Byte:
                destination[offset++] = (byte)Integer;
                break;
            case EventStreamHeaderType.Int16:
                BinaryPrimitives.WriteInt16BigEndian(destination[offset..], (short)Integer);
                offset += 2;
                break;
            case EventStreamHeaderType.Int32:
                BinaryPrimitives.WriteInt32BigEndian(destination[offset..], (int)Integer);
                offset += 4;
                break;
            case EventStreamHeaderType.Int64 or EventStreamHeaderType.Timestamp:
                BinaryPrimitives.WriteInt64BigEndian(destination[offset..], Integer);
                offset += 8;
                break;
            case EventStreamHeaderType.Uuid:
                Bytes.AsSpan(0, 16).CopyTo(destination[offset..]);
                offset += 16;
                break;
            default:
                BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)Bytes!.Length);
                Bytes.CopyTo(destination[(offset + 2)..]);
                offset += 2 + Bytes.Length;
                break;
        }

        return offset;
    }

    /// <summary>Reads one header; false (with a reason) when the bytes end early or the type is unknown.</summary>
    public static bool TryParse(ReadOnlySpan<byte> source, out EventStreamHeader header, out int consumed, out string? error)
    {
        header = null!;
        consumed = 0;
        error = null;
        if (source.Length < 2 || source[0] == 0 || source.Length < 1 + source[0] + 1)
        {
            error = "header name truncated";
            return false;
        }

        var name = Encoding.UTF8.GetString(source.Slice(1, source[0]));
        var offset = 1 + source[0];
        var type = (EventStreamHeaderType)source[offset++];
        var rest = source[offset..];
        int size;
        switch (type)
        {
            case EventStreamHeaderType.BoolTrue or EventStreamHeaderType.BoolFalse:
                size = 0;
                header = new EventStreamHeader(name, type);
                break;
            case EventStreamHeaderType.Byte when rest.Length >= 1:
                size = 1;
                header = new EventStreamHeader(name, type, (sbyte)rest[0]);
                break;
            case EventStreamHeaderType.Int16 when rest.Length >= 2:
                size = 2;
                header = new EventStreamHeader(name, type, BinaryPrimitives.ReadInt16BigEndian(rest));
                break;
            case EventStreamHeaderType.Int32 when rest.Length >= 4:
                size = 4;
                header = new EventStreamHeader(name, type, BinaryPrimitives.ReadInt32BigEndian(rest));
                break;
            case EventStreamHeaderType.Int64 or EventStreamHeaderType.Timestamp when rest.Length >= 8:
                size = 8;
                header = new EventStreamHeader(name, type, BinaryPrimitives.ReadInt64BigEndian(rest));
                break;
            case EventStreamHeaderType.Uuid when rest.Length >= 16:
                size = 16;
                header = new EventStreamHeader(name, type, Bytes: rest[..16].ToArray());
                break;
            case EventStreamHeaderType.ByteArray or EventStreamHeaderType.String when rest.Length >= 2:
                var length = BinaryPrimitives.ReadUInt16BigEndian(rest);
                if (rest.Length < 2 + length)
                {
                    error = $"header '{name}' value truncated";
                    return false;
                }

                size = 2 + length;
                header = new EventStreamHeader(name, type, Bytes: rest.Slice(2, length).ToArray());
                break;
            default:
                error = (byte)type > 9 ? $"header '{name}' has unknown type {(byte)type}" : $"header '{name}' value truncated";
                return false;
        }

        consumed = offset + size;
        return true;
    }

    private static int ValueSize(EventStreamHeaderType type, int bytes) => type switch
    {
        EventStreamHeaderType.BoolTrue or EventStreamHeaderType.BoolFalse => 0,
        EventStreamHeaderType.Byte => 1,
        EventStreamHeaderType.Int16 => 2,
        EventStreamHeaderType.Int32 => 4,
        EventStreamHeaderType.Int64 or EventStreamHeaderType.Timestamp => 8,
        EventStreamHeaderType.Uuid => 16,
        _ => 2 + bytes,
    };
}
