using System.Text;
using BroadcastOperator.Speech.Engines.Aws.EventStream;

namespace BroadcastOperator.Speech.Tests.Aws;

public class EventStreamMessageTests
{
    private static EventStreamMessage Sample() => new(
        [
            EventStreamHeader.String(":message-type", "event"),
            EventStreamHeader.String(":event-type", "TranscriptEvent"),
            EventStreamHeader.Bool("flag-true", true),
            EventStreamHeader.Bool("flag-false", false),
            new EventStreamHeader("byte", EventStreamHeaderType.Byte, -5),
            new EventStreamHeader("short", EventStreamHeaderType.Int16, -1234),
            EventStreamHeader.Int32("int", 123456789),
            EventStreamHeader.Int64("long", -9876543210),
            EventStreamHeader.ByteArray("bytes", [1, 2, 3]),
            EventStreamHeader.Timestamp("time", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123)),
            new EventStreamHeader("uuid", EventStreamHeaderType.Uuid, Bytes: Enumerable.Range(0, 16).Select(i => (byte)i).ToArray()),
        ],
        Encoding.UTF8.GetBytes("{\"Transcript\":{}}"));

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
    }

    [Fact]
    public void A_message_with_every_header_type_survives_a_round_trip()
    {
        var bytes = Sample().ToArray();

        Assert.True(EventStreamMessage.TryParse(bytes, out var parsed));
        Assert.Equal(Sample().Headers, parsed.Headers, new HeaderComparer());
        Assert.Equal(Sample().Payload.ToArray(), parsed.Payload.ToArray());
        Assert.Equal(bytes, parsed.ToArray());
    }

    [Fact]
    public void The_prelude_holds_lengths_and_its_own_crc()
    {
        var bytes = EventStreamMessage.AudioEvent(new byte[] { 9, 8, 7, 6 }).ToArray();

        Assert.Equal(bytes.Length, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes));
        Assert.Equal(bytes.Length - 16 - 4, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4)));
        Assert.Equal(Crc32.Compute(bytes.AsSpan(0, 8)), System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8)));
        Assert.Equal(new byte[] { 9, 8, 7, 6 }, bytes.AsSpan(bytes.Length - 8, 4).ToArray());
    }

    [Fact]
    public void A_corrupted_prelude_is_rejected_by_its_crc()
    {
        var bytes = Sample().ToArray();
        bytes[5] ^= 0x01;

        Assert.Equal(EventStreamParseStatus.Invalid, EventStreamMessage.TryParse(bytes, out _, out _, out var error));
        Assert.Contains("prelude CRC", error);
    }

    [Fact]
    public void A_flipped_bit_anywhere_after_the_prelude_is_rejected_by_the_message_crc()
    {
        var original = Sample().ToArray();
        for (var i = EventStreamMessage.PreludeLength; i < original.Length; i++)
        {
            var bytes = (byte[])original.Clone();
            bytes[i] ^= 0x10;

            Assert.Equal(EventStreamParseStatus.Invalid, EventStreamMessage.TryParse(bytes, out _, out _, out var error));
            Assert.Contains("CRC", error);
        }
    }

    [Fact]
    public void A_stream_yields_messages_one_after_another_and_asks_for_more_when_cut()
    {
        var first = EventStreamMessage.AudioEvent(new byte[100]).ToArray();
        var second = Sample().ToArray();
        var stream = first.Concat(second).ToArray();

        Assert.Equal(EventStreamParseStatus.Complete, EventStreamMessage.TryParse(stream, out var a, out var used, out _));
        Assert.Equal("AudioEvent", a!.EventType);
        Assert.Equal(EventStreamParseStatus.NeedMoreData, EventStreamMessage.TryParse(stream.AsSpan(used, 40), out _, out _, out _));
        Assert.Equal(EventStreamParseStatus.Complete, EventStreamMessage.TryParse(stream.AsSpan(used), out var b, out _, out _));
        Assert.Equal("TranscriptEvent", b!.EventType);
    }

    [Fact]
    public void Impossible_lengths_with_a_valid_prelude_crc_are_rejected()
    {
        var bytes = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, 16);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), 100); // headers longer than the message
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), Crc32.Compute(bytes.AsSpan(0, 8)));

        Assert.Equal(EventStreamParseStatus.Invalid, EventStreamMessage.TryParse(bytes, out _, out _, out var error));
        Assert.Contains("impossible lengths", error);
    }

    [Fact]
    public void Random_and_mutated_bytes_never_throw()
    {
        var random = new Random(1234);
        var valid = Sample().ToArray();
        for (var i = 0; i < 5000; i++)
        {
            var bytes = i % 2 == 0 ? new byte[random.Next(0, 300)] : (byte[])valid.Clone();
            if (i % 2 == 0)
            {
                random.NextBytes(bytes);
            }
            else
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                bytes = bytes[..random.Next(bytes.Length + 1)];
            }

            var status = EventStreamMessage.TryParse(bytes, out var message, out var consumed, out _);
            Assert.True(status != EventStreamParseStatus.Complete || (message is not null && consumed <= bytes.Length));
        }
    }

    private sealed class HeaderComparer : IEqualityComparer<EventStreamHeader>
    {
        public bool Equals(EventStreamHeader? x, EventStreamHeader? y) =>
            x!.Name == y!.Name && x.Type == y.Type && x.Integer == y.Integer && (x.Bytes ?? []).SequenceEqual(y.Bytes ?? []);

        public int GetHashCode(EventStreamHeader obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
