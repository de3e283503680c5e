using System.Text;
using BroadcastOperator.Shared.Signaling;

namespace BroadcastOperator.Signaling.Tests.Signaling;

public sealed class WireMessageTests
{
    [Fact]
    public void Client_message_keys_are_read_in_any_case()
    {
        var json = """{"Action":"SDP_OFFER","MessagePayload":"e30=","RecipientClientId":"viewer-1","CorrelationId":"c1"}"""u8;

        Assert.True(ClientMessage.TryParse(json, out var message, out _));
        Assert.Equal(new ClientMessage("SDP_OFFER", "e30=", "viewer-1", "c1"), message);
    }

    [Fact]
    public void Client_message_round_trips()
    {
        var original = new ClientMessage("ICE_CANDIDATE", "eyJhIjoxfQ==", "v", "corr-1");

        Assert.True(ClientMessage.TryParse(original.ToUtf8Json(), out var parsed, out _));
        Assert.Equal(original, parsed);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("{\"messagePayload\":\"e30=\"}")]
    [InlineData("{\"action\":\"SDP_OFFER\"}")]
    [InlineData("{\"action\":7,\"messagePayload\":\"e30=\"}")]
    [InlineData("{\"action\":\"SDP_OFFER\",\"messagePayload\":\"e30=\"")]
    [InlineData("{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{\"i\":1}}}}}}}}}")]
    public void Malformed_client_messages_are_refused_with_a_reason(string json)
    {
        Assert.False(ClientMessage.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void Invalid_utf8_inside_a_key_is_refused_not_thrown()
    {
        // Found by the mutation test below: the reader accepts the bytes, reading the name throws.
        byte[] json = [.. "{\"ac"u8, 0xCE, .. "tion\":\"x\",\"messagePayload\":\"e30=\"}"u8];

        Assert.False(ClientMessage.TryParse(json, out _, out _));
        Assert.False(ServerMessage.TryParse(json, out _));
    }

    [Fact]
    public void Correlation_id_survives_a_message_that_lacks_its_payload()
    {
        Assert.False(ClientMessage.TryParse("""{"action":"SDP_OFFER","correlationId":"c-9"}"""u8, out var message, out _));
        Assert.Equal("c-9", message.CorrelationId);
    }

    [Fact]
    public void Random_and_mutated_bytes_never_throw()
    {
        var random = new Random(1234);
        var seed = new ClientMessage("SDP_OFFER", "eyJ0eXBlIjoib2ZmZXIifQ==", "v-1", "c-1").ToUtf8Json();
        for (var i = 0; i < 5000; i++)
        {
            var bytes = i % 2 == 0 ? new byte[random.Next(0, 64)] : (byte[])seed.Clone();
            if (i % 2 == 0)
            {
                random.NextBytes(bytes);
            }
            else
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }
            ClientMessage.TryParse(bytes, out _, out _);
            ServerMessage.TryParse(bytes, out _);
        }
    }

    [Fact]
    public void Status_response_has_the_kvs_shape_and_round_trips()
    {
        var status = ServerMessage.Status("c-1", "InvalidArgumentException", 400, "bad");
        var text = Encoding.UTF8.GetString(status.ToUtf8Json());

        Assert.Equal("""{"messageType":"STATUS_RESPONSE","messagePayload":"","statusResponse":{"correlationId":"c-1","errorType":"InvalidArgumentException","statusCode":"400","description":"bad"}}""", text);
        Assert.True(ServerMessage.TryParse(status.ToUtf8Json(), out var parsed));
        Assert.Equal(status, parsed);
    }

    [Fact]
    public void Received_payload_is_decoded_and_its_fields_readable()
    {
        var payload = Convert.ToBase64String("""{"candidate":"candidate:1 1 udp 1 127.0.0.1 9 typ host","sdpMid":"0","sdpMLineIndex":0}"""u8);

        var message = SignalingMessage.From(new ServerMessage("ICE_CANDIDATE", payload, "viewer-1"));

        Assert.Equal("candidate:1 1 udp 1 127.0.0.1 9 typ host", message.Candidate);
        Assert.Equal("0", message.SdpMid);
        Assert.Equal(0, message.SdpMLineIndex);
        Assert.Equal("viewer-1", message.SenderClientId);
    }

    [Theory]
    [InlineData("arn:aws:kinesisvideo:us-east-1:111122223333:channel/demo/1764234000000", true)]
    [InlineData("arn:aws:kinesisvideo:us-east-1:111122223333:channel/demo", false)]
    [InlineData("arn:aws:kinesisvideo:us-east-1:111122223333:stream/demo/1", false)]
    [InlineData("arn:aws:s3:us-east-1:111122223333:channel/demo/1", false)]
    [InlineData("arn:aws:kinesisvideo:us-east-1:111122223333:channel/bad name/1", false)]
    public void Channel_arns_parse_only_in_the_kvs_form(string arn, bool valid)
    {
        Assert.Equal(valid, ChannelArn.TryParse(arn, out var parsed));
        if (valid)
        {
            Assert.Equal(arn, parsed.ToString());
        }
    }
}
