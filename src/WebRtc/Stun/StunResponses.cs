using System.Net;

namespace BroadcastOperator.WebRtc.Stun;

/// <summary>Builds responses that echo a request's method and transaction id (RFC 8489 §6.3).</summary>
public static class StunResponses
{
    public static StunMessage Success(StunMessage request, IPEndPoint mappedAddress) =>
        new StunMessage(new StunMessageType(request.Type.Method, StunClass.SuccessResponse), request.TransactionId)
            .AddXorMappedAddress(mappedAddress);

    public static StunMessage Error(StunMessage request, StunErrorCode error) =>
        new StunMessage(new StunMessageType(request.Type.Method, StunClass.ErrorResponse), request.TransactionId)
            .AddErrorCode(error);

    /// <summary>An error response for bytes that did not parse but still carry a readable transaction id.</summary>
    public static StunMessage? ErrorForUnparsable(ReadOnlySpan<byte> data, StunErrorCode error)
    {
        if (!StunMessage.LooksLikeStun(data))
        {
            return null;
        }

        var type = StunMessageType.FromWire(System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(data));
        if (type.Class != StunClass.Request)
        {
            return null;
        }

        return new StunMessage(new StunMessageType(type.Method, StunClass.ErrorResponse), data.Slice(8, StunMessage.TransactionIdLength).ToArray())
            .AddErrorCode(error);
    }
}
