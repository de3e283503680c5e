namespace BroadcastOperator.Speech.Engines.Aws.EventStream;

/// <summary>Header value types of the AWS event-stream encoding (the byte that follows the header name).</summary>
public enum EventStreamHeaderType : byte
{
    BoolTrue = 0,
    BoolFalse = 1,
    Byte = 2,
    Int16 = 3,
    Int32 = 4,
    Int64 = 5,
    ByteArray = 6,
    String = 7,
    Timestamp = 8,
    Uuid = 9,
}
