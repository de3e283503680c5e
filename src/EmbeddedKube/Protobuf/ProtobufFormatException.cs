namespace BroadcastOperator.EmbeddedKube.Protobuf;

/// <summary>Well-formed protobuf that is not the Kubernetes message expected (Google.Protobuf's own exception cannot be raised by callers).</summary>
public sealed class ProtobufFormatException(string message) : Exception(message);
