using System.Net;
using BroadcastOperator.WebRtc.Stun;
using BroadcastOperator.WebRtc.Tests.Support;

namespace BroadcastOperator.WebRtc.Tests.Stun;

public class StunMessageTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Signed_message_verifies_with_its_key_only(bool sha256)
    {
        var request = new StunMessage(StunMessageType.BindingRequest, StunMessage.NewTransactionId())
            .AddUsername("abcd:efgh").AddPriority(12345).AddUseCandidate().AddIceControlling(42);
        var key = "secret-password"u8.ToArray();

        var bytes = request.ToArray(new StunSigning(key, AddFingerprint: true, UseSha256: sha256));

        Assert.True(StunMessage.TryParse(bytes, out var parsed));
        Assert.True(parsed.HasValidFingerprint());
        Assert.True(parsed.VerifyAnyIntegrity(key));
        Assert.False(parsed.VerifyAnyIntegrity("other"u8));
        Assert.True(parsed.HasUseCandidate());
        Assert.Equal(42ul, parsed.GetIceControlling());
        Assert.Equal("abcd:efgh", parsed.GetUsername());
    }

    [Fact]
    public void Message_type_round_trips_every_method_and_class()
    {
        for (var method = 0; method < 0x1000; method += 7)
        {
            foreach (var cls in Enum.GetValues<StunClass>())
            {
                var type = new StunMessageType((StunMethod)method, cls);
                Assert.Equal(type, StunMessageType.FromWire(type.ToWire()));
            }
        }

        Assert.Equal(0x0001, StunMessageType.BindingRequest.ToWire());
        Assert.Equal(0x0101, StunMessageType.BindingSuccess.ToWire());
        Assert.Equal(0x0111, StunMessageType.BindingError.ToWire());
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(487)]
    public void Error_response_carries_code_and_transaction_id(int code)
    {
        Assert.True(StunMessage.TryParse(Rfc5769VectorTests.SampleRequest, out var request));
        var error = code switch { 400 => StunErrorCode.BadRequest, 401 => StunErrorCode.Unauthorized, _ => StunErrorCode.RoleConflict };

        var bytes = StunResponses.Error(request, error).ToArray(new StunSigning(null, true));

        Assert.True(StunMessage.TryParse(bytes, out var parsed));
        Assert.Equal(StunMessageType.BindingError, parsed.Type);
        Assert.Equal(request.TransactionId, parsed.TransactionId);
        Assert.Equal(code, parsed.GetErrorCode()!.Value.Code);
        Assert.Equal(error.Reason, parsed.GetErrorCode()!.Value.Reason);
    }

    [Fact]
    public void Random_messages_round_trip_through_write_and_parse()
    {
        var random = new Random(5769);
        for (var i = 0; i < 500; i++)
        {
            var message = new StunMessage(new StunMessageType((StunMethod)random.Next(0x1000), (StunClass)random.Next(4)), StunMessage.NewTransactionId());
            var count = random.Next(0, 8);
            for (var a = 0; a < count; a++)
            {
                var value = new byte[random.Next(0, 40)];
                random.NextBytes(value);
                message.Add((ushort)random.Next(0x0001, 0x7FFF), value);
            }

            var bytes = message.ToArray();
            Assert.True(StunMessage.TryParse(bytes, out var parsed));
            Assert.Equal(message.Type, parsed.Type);
            Assert.Equal(message.Attributes, parsed.Attributes);
            Assert.Equal(bytes, parsed.ToArray());
        }
    }

    [Fact]
    public void Xor_mapped_address_round_trips_v4_and_v6()
    {
        var random = new Random(1);
        for (var i = 0; i < 200; i++)
        {
            var addressBytes = new byte[i % 2 == 0 ? 4 : 16];
            random.NextBytes(addressBytes);
            var endPoint = new IPEndPoint(new IPAddress(addressBytes), random.Next(0, 65536));
            var message = new StunMessage(StunMessageType.BindingSuccess, StunMessage.NewTransactionId()).AddXorMappedAddress(endPoint);

            Assert.True(StunMessage.TryParse(message.ToArray(), out var parsed));
            Assert.Equal(endPoint, parsed.GetXorMappedAddress());
        }
    }

    [Fact]
    public void Random_and_mutated_bytes_never_throw()
    {
        var key = "VOkJxbRl1RmTxUk/WvJxBt"u8.ToArray();
        foreach (var input in Mutations.Of(8489, 400, Rfc5769VectorTests.SampleRequest, Rfc5769VectorTests.SampleIpv6Response))
        {
            if (StunMessage.TryParse(input, out var message))
            {
                _ = message.VerifyAnyIntegrity(key);
                _ = message.HasValidFingerprint();
                _ = message.GetXorMappedAddress();
                _ = message.GetErrorCode();
                _ = message.GetUsername();
                _ = message.GetPriority();
                Assert.Equal(input.Length, message.GetSerializedSize());
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("00 01 00 00 21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00")]
    [InlineData("00 01 00 04 21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00 00")]
    [InlineData("00 01 00 02 21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00 00 00 00")]
    [InlineData("c0 01 00 00 21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00 00")]
    [InlineData("00 01 00 00 21 12 a4 43 00 00 00 00 00 00 00 00 00 00 00 00")]
    [InlineData("00 01 00 04 21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00 00 00 06 00 08")]
    [InlineData("00 01 00 10 21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00 00 80 28 00 04 00 00 00 00 00 06 00 00")]
    public void Malformed_messages_are_rejected(string dump)
    {
        Assert.False(StunMessage.TryParse(Hex.Parse(dump), out _));
    }
}
