using Google.Protobuf;

namespace BroadcastOperator.EmbeddedKube.Protobuf;

/// <summary>How a protobuf field maps to the JSON value kube-apiserver's JSON form gives it.</summary>
public enum FieldKind
{
    String,
    Bytes,
    Bool,
    Int32,
    Int64,
    Message,

    /// <summary><c>map&lt;string, string&gt;</c>: entries are messages with key = 1, value = 2.</summary>
    StringMap,

    /// <summary><c>map&lt;string, bytes&gt;</c>: the JSON values are base64.</summary>
    BytesMap,

    /// <summary>meta/v1 Time {seconds = 1, nanos = 2}: RFC 3339 to the second in JSON.</summary>
    Time,

    /// <summary>meta/v1 MicroTime {seconds = 1, nanos = 2}: RFC 3339 with microseconds in JSON.</summary>
    MicroTime,

    /// <summary>util/intstr IntOrString {type = 1, intVal = 2, strVal = 3}: a number or a string in JSON.</summary>
    IntOrString,

    /// <summary>meta/v1 FieldsV1 {Raw = 1}: JSON text carried as bytes, a JSON object in JSON.</summary>
    FieldsV1,
}

/// <summary>One field of a message: its number, its JSON name and what it holds.</summary>
/// <param name="KeepZero">
/// A zero or false read from the wire stays in the JSON: the Go field is a pointer (present means set)
/// or has no <c>omitempty</c>. Otherwise zero values are left out, as Go's JSON leaves them out.
/// </param>
public sealed record ProtoField(int Number, string JsonName, FieldKind Kind, bool Repeated = false, MessageSchema? Message = null, bool KeepZero = false)
{
    public WireFormat.WireType WireType => Kind switch
    {
        FieldKind.Bool or FieldKind.Int32 or FieldKind.Int64 => WireFormat.WireType.Varint,
        _ => WireFormat.WireType.LengthDelimited,
    };
}

/// <summary>
/// The fields of one Kubernetes protobuf message we decode and encode, by number and by JSON
/// name. Numbers follow k8s.io/api and k8s.io/apimachinery generated.proto; a field not listed
/// here is skipped when reading and not written.
/// </summary>
public sealed class MessageSchema
{
    private readonly Dictionary<int, ProtoField> _byNumber = [];
    private readonly List<ProtoField> _fields = [];

    public MessageSchema(string name) => Name = name;

    public string Name { get; }

    public IReadOnlyList<ProtoField> Fields => _fields;

    public ProtoField? Field(int number) => _byNumber.GetValueOrDefault(number);

    public MessageSchema Add(int number, string jsonName, FieldKind kind, bool repeated = false, MessageSchema? message = null, bool keepZero = false)
    {
        var field = new ProtoField(number, jsonName, kind, repeated, message, keepZero);
        _byNumber.Add(number, field);
        _fields.Add(field);
        return this;
    }

    public MessageSchema String(int number, string jsonName) => Add(number, jsonName, FieldKind.String);

    public MessageSchema Strings(int number, string jsonName) => Add(number, jsonName, FieldKind.String, repeated: true);

    public MessageSchema Bool(int number, string jsonName, bool keepZero = false) => Add(number, jsonName, FieldKind.Bool, keepZero: keepZero);

    public MessageSchema Int32(int number, string jsonName, bool keepZero = false) => Add(number, jsonName, FieldKind.Int32, keepZero: keepZero);

    public MessageSchema Int64(int number, string jsonName, bool keepZero = false) => Add(number, jsonName, FieldKind.Int64, keepZero: keepZero);

    public MessageSchema Message(int number, string jsonName, MessageSchema message) => Add(number, jsonName, FieldKind.Message, message: message);

    public MessageSchema Messages(int number, string jsonName, MessageSchema message) => Add(number, jsonName, FieldKind.Message, repeated: true, message: message);
}
