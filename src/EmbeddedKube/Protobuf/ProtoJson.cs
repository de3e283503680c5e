using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf;

namespace BroadcastOperator.EmbeddedKube.Protobuf;

/// <summary>
/// Converts between a Kubernetes protobuf message and the JSON object the server stores, driven by
/// a <see cref="MessageSchema"/>. The wire format is Google.Protobuf's (CodedInputStream and
/// CodedOutputStream); only the mapping to JSON is ours, as no served library knows the Kubernetes messages.
/// </summary>
public static class ProtoJson
{
    private const int MaxDepth = 64;
    private const long MinUnixSeconds = -62_135_596_800; // 0001-01-01T00:00:00Z
    private const long MaxUnixSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z

    /// <summary>Reads a message; an unknown field number is skipped, a field of the wrong wire type is malformed.</summary>
    /// <exception cref="InvalidProtocolBufferException">The bytes are not protobuf.</exception>
    /// <exception cref="ProtobufFormatException">The bytes are protobuf but not a message of this schema.</exception>
    public static JsonObject Decode(ByteString bytes, MessageSchema schema, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new ProtobufFormatException($"messages nested deeper than {MaxDepth}");
        }
        var obj = new JsonObject();
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var field = schema.Field(WireFormat.GetTagFieldNumber(tag));
            if (field is null)
            {
                input.SkipLastField();
                continue;
            }
            if (WireFormat.GetTagWireType(tag) != field.WireType)
            {
                throw new ProtobufFormatException($"{schema.Name}.{field.JsonName} has wire type {WireFormat.GetTagWireType(tag)}, expected {field.WireType}");
            }
            switch (field.Kind)
            {
                case FieldKind.StringMap or FieldKind.BytesMap:
                    var map = obj[field.JsonName] as JsonObject ?? [];
                    var (key, value) = ReadMapEntry(input.ReadBytes(), field.Kind);
                    map[key] = value;
                    obj[field.JsonName] = map;
                    break;
                case var _ when field.Repeated:
                    var list = obj[field.JsonName] as JsonArray ?? [];
                    list.Add(ReadValue(input, field, depth));
                    obj[field.JsonName] = list;
                    break;
                default:
                    var single = ReadValue(input, field, depth);
                    if (single is null || (!field.KeepZero && IsZero(single)))
                    {
                        obj.Remove(field.JsonName);
                    }
                    else
                    {
                        obj[field.JsonName] = single;
                    }
                    break;
            }
        }
        return obj;
    }

    /// <summary>Writes the fields of <paramref name="obj"/> the schema knows; the rest has no protobuf form here.</summary>
    public static ByteString Encode(JsonObject obj, MessageSchema schema)
    {
        using var stream = new MemoryStream();
        using (var output = new CodedOutputStream(stream, leaveOpen: true))
        {
            foreach (var field in schema.Fields)
            {
                if (obj[field.JsonName] is not { } value)
                {
                    continue;
                }
                switch (field.Kind)
                {
                    case FieldKind.StringMap or FieldKind.BytesMap:
                        foreach (var (key, entry) in value.AsObject())
                        {
                            output.WriteTag(field.Number, WireFormat.WireType.LengthDelimited);
                            output.WriteBytes(MapEntry(key, entry, field.Kind));
                        }
                        break;
                    case var _ when field.Repeated:
                        foreach (var item in value.AsArray())
                        {
                            WriteValue(output, field, item);
                        }
                        break;
                    default:
                        WriteValue(output, field, value);
                        break;
                }
            }
        }
        return ByteString.CopyFrom(stream.ToArray());
    }

    private static JsonNode? ReadValue(CodedInputStream input, ProtoField field, int depth) => field.Kind switch
    {
        // Go's JSON leaves empty strings out (omitempty) where generated protobuf writes them: read "" as absent.
        FieldKind.String => input.ReadString() is { Length: > 0 } text ? JsonValue.Create(text) : null,
        FieldKind.Bytes => JsonValue.Create(Convert.ToBase64String(input.ReadBytes().Span)),
        FieldKind.Bool => JsonValue.Create(input.ReadBool()),
        FieldKind.Int32 => JsonValue.Create(input.ReadInt32()),
        FieldKind.Int64 => JsonValue.Create(input.ReadInt64()),
        FieldKind.Message => Decode(input.ReadBytes(), field.Message!, depth + 1),
        FieldKind.Time => Timestamp(input.ReadBytes(), micro: false),
        FieldKind.MicroTime => Timestamp(input.ReadBytes(), micro: true),
        FieldKind.IntOrString => IntOrString(input.ReadBytes()),
        FieldKind.FieldsV1 => FieldsV1(input.ReadBytes()),
        _ => throw new InvalidOperationException($"no single value of kind {field.Kind}"),
    };

    private static void WriteValue(CodedOutputStream output, ProtoField field, JsonNode? value)
    {
        if (value is null)
        {
            return;
        }
        output.WriteTag(field.Number, field.WireType);
        switch (field.Kind)
        {
            case FieldKind.String:
                output.WriteString(value.GetValue<string>());
                break;
            case FieldKind.Bytes:
                output.WriteBytes(ByteString.FromBase64(value.GetValue<string>()));
                break;
            case FieldKind.Bool:
                output.WriteBool(value.GetValue<bool>());
                break;
            case FieldKind.Int32:
                output.WriteInt32(checked((int)Number(value)));
                break;
            case FieldKind.Int64:
                output.WriteInt64(Number(value));
                break;
            case FieldKind.Message:
                output.WriteBytes(Encode(value.AsObject(), field.Message!));
                break;
            case FieldKind.Time or FieldKind.MicroTime:
                output.WriteBytes(TimestampBytes(value.GetValue<string>()));
                break;
            case FieldKind.IntOrString:
                output.WriteBytes(IntOrStringBytes(value));
                break;
            case FieldKind.FieldsV1:
                output.WriteBytes(Message(w =>
                {
                    w.WriteTag(1, WireFormat.WireType.LengthDelimited);
                    w.WriteBytes(ByteString.CopyFromUtf8(value.ToJsonString()));
                }));
                break;
        }
    }

    private static (string Key, JsonNode? Value) ReadMapEntry(ByteString bytes, FieldKind kind)
    {
        var input = bytes.CreateCodedInput();
        var key = "";
        JsonNode? value = JsonValue.Create("");
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case (1 << 3) | 2:
                    key = input.ReadString();
                    break;
                case (2 << 3) | 2:
                    value = kind == FieldKind.BytesMap
                        ? JsonValue.Create(Convert.ToBase64String(input.ReadBytes().Span))
                        : JsonValue.Create(input.ReadString());
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }
        return (key, value);
    }

    private static ByteString MapEntry(string key, JsonNode? value, FieldKind kind) => Message(w =>
    {
        w.WriteTag(1, WireFormat.WireType.LengthDelimited);
        w.WriteString(key);
        w.WriteTag(2, WireFormat.WireType.LengthDelimited);
        if (kind == FieldKind.BytesMap)
        {
            w.WriteBytes(ByteString.FromBase64(value?.GetValue<string>() ?? ""));
        }
        else
        {
            w.WriteString(value?.GetValue<string>() ?? "");
        }
    });

    /// <summary>Time and MicroTime: a zero time is Go's zero value, null in JSON.</summary>
    private static JsonValue? Timestamp(ByteString bytes, bool micro)
    {
        var input = bytes.CreateCodedInput();
        long seconds = 0;
        var nanos = 0;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case (1 << 3) | 0:
                    seconds = input.ReadInt64();
                    break;
                case (2 << 3) | 0:
                    nanos = input.ReadInt32();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }
        if (seconds == 0 && nanos == 0)
        {
            return null;
        }
        if (seconds is < MinUnixSeconds or > MaxUnixSeconds || nanos is < 0 or > 999_999_999)
        {
            throw new ProtobufFormatException($"time {seconds}s {nanos}ns is out of range");
        }
        var time = DateTime.UnixEpoch.AddSeconds(seconds).AddTicks(nanos / 100);
        var format = micro ? "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'" : "yyyy-MM-dd'T'HH:mm:ss'Z'";
        return JsonValue.Create(time.ToString(format, CultureInfo.InvariantCulture));
    }

    private static ByteString TimestampBytes(string text)
    {
        var time = DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        var ticks = time.Ticks - DateTime.UnixEpoch.Ticks;
        return Message(w =>
        {
            w.WriteTag(1, WireFormat.WireType.Varint);
            w.WriteInt64(ticks / TimeSpan.TicksPerSecond);
            w.WriteTag(2, WireFormat.WireType.Varint);
            w.WriteInt32((int)(ticks % TimeSpan.TicksPerSecond * 100));
        });
    }

    private static JsonValue IntOrString(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        long type = 0;
        var number = 0;
        var text = "";
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case (1 << 3) | 0:
                    type = input.ReadInt64();
                    break;
                case (2 << 3) | 0:
                    number = input.ReadInt32();
                    break;
                case (3 << 3) | 2:
                    text = input.ReadString();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }
        return type == 1 ? JsonValue.Create(text) : JsonValue.Create(number);
    }

    private static ByteString IntOrStringBytes(JsonNode value) => Message(w =>
    {
        if (value is JsonValue v && v.TryGetValue<string>(out var text))
        {
            w.WriteTag(1, WireFormat.WireType.Varint);
            w.WriteInt64(1);
            w.WriteTag(3, WireFormat.WireType.LengthDelimited);
            w.WriteString(text);
        }
        else
        {
            w.WriteTag(1, WireFormat.WireType.Varint);
            w.WriteInt64(0);
            w.WriteTag(2, WireFormat.WireType.Varint);
            w.WriteInt32(checked((int)Number(value)));
        }
    });

    private static JsonNode? FieldsV1(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        JsonNode? fields = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (tag == ((1 << 3) | 2))
            {
                var raw = input.ReadBytes();
                try
                {
                    fields = raw.Length == 0 ? null : JsonNode.Parse(raw.Span);
                }
                catch (System.Text.Json.JsonException e)
                {
                    throw new ProtobufFormatException($"fieldsV1 is not JSON: {e.Message}");
                }
            }
            else
            {
                input.SkipLastField();
            }
        }
        return fields;
    }

    private static bool IsZero(JsonNode value) =>
        value is JsonValue v && ((v.TryGetValue<bool>(out var flag) && !flag) || (v.TryGetValue<long>(out var number) && number == 0) || (v.TryGetValue<int>(out var small) && small == 0));

    private static long Number(JsonNode value) =>
        value is JsonValue v && v.TryGetValue<long>(out var whole) ? whole : (long)value.GetValue<double>();

    private static ByteString Message(Action<CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        using (var output = new CodedOutputStream(stream, leaveOpen: true))
        {
            write(output);
        }
        return ByteString.CopyFrom(stream.ToArray());
    }
}
