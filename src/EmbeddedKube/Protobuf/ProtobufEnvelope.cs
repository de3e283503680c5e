using Google.Protobuf;

namespace BroadcastOperator.EmbeddedKube.Protobuf;

/// <summary>
/// A Kubernetes protobuf body: four magic bytes, then a runtime.Unknown message that wraps the object.
/// <code>
/// +-----+-----+-----+-----+--------------------------------------------------+
/// | 'k' | '8' | 's' | 0x00 | runtime.Unknown                                  |
/// +-----+-----+-----+-----+--------------------------------------------------+
/// runtime.Unknown { TypeMeta typeMeta = 1 { apiVersion = 1; kind = 2 };
///                   bytes raw = 2;  string contentEncoding = 3;  string contentType = 4 }
/// </code>
/// <c>raw</c> is the object's own message (Namespace, ConfigMap, ...) with the kind named in typeMeta.
/// </summary>
public sealed record ProtobufEnvelope(string ApiVersion, string Kind, byte[] Raw, string ContentEncoding = "", string ContentType = "")
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    public static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    /// <summary>Reads an envelope; false with the reason when the bytes are not one.</summary>
    public static bool TryParse(byte[] body, out ProtobufEnvelope envelope, out string error)
    {
        envelope = null!;
        if (body.Length < Magic.Length || !body.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            error = "the body does not start with the Kubernetes protobuf magic \"k8s\\x00\"";
            return false;
        }
        try
        {
            var input = new CodedInputStream(body, Magic.Length, body.Length - Magic.Length);
            string apiVersion = "", kind = "", encoding = "", contentType = "";
            var raw = Array.Empty<byte>();
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                switch (tag)
                {
                    case (1 << 3) | 2:
                        (apiVersion, kind) = ReadTypeMeta(input.ReadBytes());
                        break;
                    case (2 << 3) | 2:
                        raw = input.ReadBytes().ToByteArray();
                        break;
                    case (3 << 3) | 2:
                        encoding = input.ReadString();
                        break;
                    case (4 << 3) | 2:
                        contentType = input.ReadString();
                        break;
                    default:
                        input.SkipLastField();
                        break;
                }
            }
            if (encoding.Length > 0)
            {
                error = $"unsupported content encoding \"{encoding}\" in the protobuf envelope";
                return false;
            }
            envelope = new ProtobufEnvelope(apiVersion, kind, raw, encoding, contentType);
            error = "";
            return true;
        }
        catch (InvalidProtocolBufferException e)
        {
            error = $"malformed protobuf envelope: {e.Message}";
            return false;
        }
    }

    /// <summary>The whole body: magic, then the envelope.</summary>
    public byte[] ToByteArray()
    {
        using var stream = new MemoryStream();
        stream.Write(Magic);
        using (var writer = new CodedOutputStream(stream, leaveOpen: true))
        {
            writer.WriteTag(1, WireFormat.WireType.LengthDelimited);
            writer.WriteBytes(TypeMetaBytes());
            writer.WriteTag(2, WireFormat.WireType.LengthDelimited);
            writer.WriteBytes(ByteString.CopyFrom(Raw));
            WriteString(writer, 3, ContentEncoding);
            WriteString(writer, 4, ContentType);
        }
        return stream.ToArray();
    }

    private ByteString TypeMetaBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new CodedOutputStream(stream))
        {
            WriteString(writer, 1, ApiVersion);
            WriteString(writer, 2, Kind);
        }
        return ByteString.CopyFrom(stream.ToArray());
    }

    private static (string ApiVersion, string Kind) ReadTypeMeta(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        string apiVersion = "", kind = "";
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case (1 << 3) | 2:
                    apiVersion = input.ReadString();
                    break;
                case (2 << 3) | 2:
                    kind = input.ReadString();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }
        return (apiVersion, kind);
    }

    private static void WriteString(CodedOutputStream writer, int number, string value)
    {
        if (value.Length > 0)
        {
            writer.WriteTag(number, WireFormat.WireType.LengthDelimited);
            writer.WriteString(value);
        }
    }
}
