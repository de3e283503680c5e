namespace BroadcastOperator.WebRtc.Sdp;

/// <summary>One <c>type=value</c> line of an SDP (RFC 8866 §5), kept verbatim so writing preserves order.</summary>
public sealed record SdpLine(char Type, string Value)
{
    /// <summary>For an <c>a=</c> line: the attribute name (before the first colon).</summary>
    public string? AttributeName => Type == 'a' ? (Value.IndexOf(':') is var i and >= 0 ? Value[..i] : Value) : null;

    /// <summary>For an <c>a=name:value</c> line: the value; null for a flag attribute or another line type.</summary>
    public string? AttributeValue => Type == 'a' && Value.IndexOf(':') is var i and >= 0 ? Value[(i + 1)..] : null;

    public static SdpLine Attribute(string name, string? value = null) => new('a', value is null ? name : $"{name}:{value}");

    public override string ToString() => $"{Type}={Value}";
}
