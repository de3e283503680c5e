using System.Net;
using System.Text;
using BroadcastOperator.WebRtc.Stun;
using BroadcastOperator.WebRtc.Tests.Support;

namespace BroadcastOperator.WebRtc.Tests.Stun;

/// <summary>The sample messages of RFC 5769 §2, byte for byte.</summary>
public class Rfc5769VectorTests
{
    internal static readonly byte[] SampleRequest = Hex.Parse("""
        00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
        00 24 00 04 6e 00 01 ff
        80 29 00 08 93 2f f9 b1 51 26 3b 36
        00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
        00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
        80 28 00 04 e5 7a 3b cf
        """);

    internal static readonly byte[] SampleIpv4Response = Hex.Parse("""
        01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
        00 20 00 08 00 01 a1 47 e1 12 a6 43
        00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
        80 28 00 04 c0 7d 4c 96
        """);

    internal static readonly byte[] SampleIpv6Response = Hex.Parse("""
        01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
        00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9
        00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41
        80 28 00 04 c8 fb 0b 4c
        """);

    private static readonly byte[] Password = Encoding.UTF8.GetBytes("VOkJxbRl1RmTxUk/WvJxBt");

    [Fact]
    public void Sample_request_parses_with_valid_integrity_and_fingerprint()
    {
        Assert.True(StunMessage.TryParse(SampleRequest, out var message));

        Assert.Equal(StunMessageType.BindingRequest, message.Type);
        Assert.Equal("STUN test client", message.GetSoftware());
        Assert.Equal(0x6e0001ffu, message.GetPriority());
        Assert.Equal(0x932ff9b151263b36ul, message.GetIceControlled());
        Assert.Equal("evtj:h6vY", message.GetUsername());
        Assert.True(message.VerifyMessageIntegrity(Password));
        Assert.True(message.HasValidFingerprint());
    }

    [Fact]
    public void Sample_request_with_wrong_password_fails_integrity()
    {
        Assert.True(StunMessage.TryParse(SampleRequest, out var message));

        Assert.False(message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes("VOkJxbRl1RmTxUk/WvJxBu")));
    }

    [Fact]
    public void Sample_ipv4_response_decodes_mapped_address()
    {
        Assert.True(StunMessage.TryParse(SampleIpv4Response, out var message));

        Assert.Equal(StunMessageType.BindingSuccess, message.Type);
        Assert.Equal("test vector", message.GetSoftware());
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), message.GetXorMappedAddress());
        Assert.True(message.VerifyMessageIntegrity(Password));
        Assert.True(message.HasValidFingerprint());
    }

    [Fact]
    public void Sample_ipv6_response_decodes_mapped_address()
    {
        Assert.True(StunMessage.TryParse(SampleIpv6Response, out var message));

        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), message.GetXorMappedAddress());
        Assert.True(message.VerifyMessageIntegrity(Password));
        Assert.True(message.HasValidFingerprint());
    }

    [Theory]
    [InlineData("192.0.2.1", 32853)]
    [InlineData("2001:db8:1234:5678:11:2233:4455:6677", 32853)]
    public void Encoding_the_mapped_address_reproduces_the_vector_bytes(string address, int port)
    {
        var vector = address.Contains(':') ? SampleIpv6Response : SampleIpv4Response;
        Assert.True(StunMessage.TryParse(vector, out var parsed));

        var attribute = XorMappedAddress.Create(new IPEndPoint(IPAddress.Parse(address), port), parsed.TransactionId);

        Assert.Equal(parsed.Find(StunAttributeType.XorMappedAddress)!.Value, attribute.Value);
    }

    [Fact]
    public void A_flipped_byte_breaks_the_fingerprint()
    {
        var copy = (byte[])SampleRequest.Clone();
        copy[30] ^= 1;
        Assert.True(StunMessage.TryParse(copy, out var message));

        Assert.False(message.HasValidFingerprint());
        Assert.False(message.VerifyMessageIntegrity(Password));
    }
}
