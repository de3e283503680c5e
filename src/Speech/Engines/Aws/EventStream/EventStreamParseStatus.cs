namespace BroadcastOperator.Speech.Engines.Aws.EventStream;

public enum EventStreamParseStatus
{
    Complete,
    NeedMoreData,
    Invalid,
}
