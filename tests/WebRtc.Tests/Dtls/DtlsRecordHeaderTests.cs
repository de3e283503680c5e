using BroadcastOperator.WebRtc.Dtls;

namespace BroadcastOperator.WebRtc.Tests.Dtls;

public class DtlsRecordHeaderTests
{
    // The start of a DTLS 1.2 ClientHello record as Chromium sends it (epoch 0, sequence 0, 0x9a bytes).
    private static readonly byte[] ClientHelloRecord = Convert.FromHexString("16FEFF000000000000000000" + "9A" + "010000");

    [Fact]
    public void Client_hello_record_header_parses()
    {
        Assert.True(DtlsRecordHeader.TryParse(ClientHelloRecord, out var header));

        Assert.Equal(DtlsContentType.Handshake, header.ContentType);
        Assert.Equal(DtlsRecordHeader.Dtls10, header.Version);
        Assert.Equal(0, header.Epoch);
        Assert.Equal(0UL, header.SequenceNumber);
        Assert.Equal(0x9A, header.Length);
        Assert.False(header.IsComplete(ClientHelloRecord));
    }

    [Fact]
    public void Header_round_trips_with_a_48_bit_sequence_number()
    {
        var header = new DtlsRecordHeader(DtlsContentType.ApplicationData, DtlsRecordHeader.Dtls12, 1, 0xABCD_1234_5678, 300);
        var bytes = new byte[header.GetSerializedSize()];

        header.WriteTo(bytes);

        Assert.Equal(Convert.FromHexString("17FEFD0001ABCD12345678012C"), bytes);
        Assert.True(DtlsRecordHeader.TryParse(bytes, out var parsed));
        Assert.Equal(header, parsed);
    }

    [Fact]
    public void Writing_refuses_a_short_buffer_or_a_sequence_number_over_48_bits()
    {
        var header = new DtlsRecordHeader(DtlsContentType.Alert, DtlsRecordHeader.Dtls12, 0, 1, 2);
        Assert.Throws<ArgumentException>(() => header.WriteTo(new byte[12]));
        Assert.Throws<InvalidOperationException>(() => (header with { SequenceNumber = 1UL << 48 }).WriteTo(new byte[13]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("16FEFD")]
    [InlineData("16FEFD00000000000000000000")]
    public void Short_or_bad_headers_are_refused(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        var expected = bytes.Length >= 13;
        Assert.Equal(expected, DtlsRecordHeader.TryParse(bytes, out _));
    }

    [Theory]
    [InlineData(19)] // below the DTLS range
    [InlineData(64)] // above it (RTP/RTCP begin at 128, TURN channels at 64)
    [InlineData(27)] // DTLS range but no such content type
    public void Unknown_content_types_are_refused(byte type)
    {
        var bytes = (byte[])ClientHelloRecord.Clone();
        bytes[0] = type;
        Assert.False(DtlsRecordHeader.TryParse(bytes, out _));
    }

    [Fact]
    public void A_tls_version_is_not_dtls()
    {
        var bytes = (byte[])ClientHelloRecord.Clone();
        bytes[1] = 0x03;
        bytes[2] = 0x03;
        Assert.False(DtlsRecordHeader.TryParse(bytes, out _));
    }

    [Fact]
    public void Rfc7983_first_byte_ranges_classify_datagrams()
    {
        Assert.True(DtlsRecordHeader.IsDtls([20]));
        Assert.True(DtlsRecordHeader.IsDtls([63]));
        Assert.False(DtlsRecordHeader.IsDtls([0, 1])); // STUN
        Assert.False(DtlsRecordHeader.IsDtls([128])); // RTP
        Assert.False(DtlsRecordHeader.IsDtls([]));
    }

    [Fact]
    public void Random_and_mutated_bytes_never_throw_and_parse_consistently()
    {
        var random = new Random(5764);
        var buffer = new byte[32];
        for (var i = 0; i < 20000; i++)
        {
            byte[] data;
            if (i % 2 == 0)
            {
                data = buffer[..random.Next(0, buffer.Length)];
                random.NextBytes(data);
            }
            else
            {
                data = (byte[])ClientHelloRecord.Clone();
                data[random.Next(data.Length)] ^= (byte)random.Next(1, 256);
                data = data[..random.Next(0, data.Length + 1)];
            }

            if (DtlsRecordHeader.TryParse(data, out var header))
            {
                // Whatever parses writes back to the same 13 bytes.
                var written = new byte[DtlsRecordHeader.Size];
                header.WriteTo(written);
                Assert.Equal(data[..DtlsRecordHeader.Size], written);
                Assert.True(DtlsRecordHeader.IsDtls(data));
            }
        }
    }
}
