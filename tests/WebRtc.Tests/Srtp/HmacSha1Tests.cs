using System.Security.Cryptography;
using BroadcastOperator.WebRtc.Srtp;
using static BroadcastOperator.WebRtc.Tests.Srtp.SrtpTestData;

namespace BroadcastOperator.WebRtc.Tests.Srtp;

/// <summary>The HMAC-SHA1 behind AES_CM_128_HMAC_SHA1_80 tags, every backend against .NET's HMACSHA1.</summary>
public class HmacSha1Tests
{
    // Backend names, not values: the enum is internal and a theory's parameters must be public types.
    public static TheoryData<string> Backends =>
        [nameof(HmacSha1Backend.LibCrypto), nameof(HmacSha1Backend.Managed), nameof(HmacSha1Backend.IncrementalHash), nameof(HmacSha1Backend.Fastest)];

    [SkippableTheory]
    [MemberData(nameof(Backends))]
    public void Tags_equal_hmacsha1_for_random_keys_and_messages_of_every_length_up_to_1500(string backendName)
    {
        var backend = SkipWithoutLibCrypto(backendName);
        var random = new Random(3711);
        var cases = 0;
        // Every message length once (each padding case: 55, 56, 63, 64... bytes), then random lengths.
        foreach (var length in Enumerable.Range(0, 1501).Concat(Enumerable.Range(0, 1500).Select(_ => random.Next(1501))))
        {
            var key = RandomBytes(random, random.Next(0, 140)); // shorter and longer than the 64-byte block
            var message = RandomBytes(random, length);
            var expected = HMACSHA1.HashData(key, message);
            using var hmac = HmacSha1.Create(key, backend);

            var full = new byte[20];
            hmac.ComputeTag(message, full);
            var truncated = new byte[10];
            hmac.ComputeTag(message, truncated);

            Assert.True(expected.AsSpan().SequenceEqual(full), $"key {key.Length} B, message {length} B");
            Assert.Equal(expected[..10], truncated);
            cases++;
        }

        Assert.Equal(3001, cases);
    }

    [SkippableTheory]
    [MemberData(nameof(Backends))]
    public void Tags_match_rfc2202_test_cases(string backendName)
    {
        var backend = SkipWithoutLibCrypto(backendName);

        Assert.Equal(Hex("b617318655057264e28bc0b6fb378c8ef146be00"), Tag(backend, Repeat(0x0b, 20), "Hi There"u8));
        Assert.Equal(Hex("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"), Tag(backend, "Jefe"u8.ToArray(), "what do ya want for nothing?"u8));
        Assert.Equal(Hex("125d7342b9ac11cd91a39af48aa17b4f63f175d3"), Tag(backend, Repeat(0xaa, 20), Repeat(0xdd, 50)));
        Assert.Equal(
            Hex("aa4ae5e15272d00e95705637ce8a3b55ed402112"),
            Tag(backend, Repeat(0xaa, 80), "Test Using Larger Than Block-Size Key - Hash Key First"u8));
    }

    [SkippableFact]
    public void Libcrypto_sha1_loads_on_linux_and_is_the_default()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "libcrypto.so.3 is looked for on Linux only");

        Assert.True(LibCryptoSha1.IsAvailable);
        using var hmac = HmacSha1.Create(new byte[20]);
        Assert.IsType<LibCryptoHmacSha1>(hmac);
    }

    [SkippableTheory]
    [MemberData(nameof(Backends))]
    public void Tags_of_messages_longer_than_a_udp_packet_equal_hmacsha1(string backendName)
    {
        var backend = SkipWithoutLibCrypto(backendName);
        var random = new Random(65507);
        var key = RandomBytes(random, 20);
        var message = RandomBytes(random, 70_001); // crosses libcrypto's 2 KB per-call pieces unevenly

        Assert.Equal(HMACSHA1.HashData(key, message), Tag(backend, key, message));
    }

    [Fact]
    public void A_tag_leaves_the_key_state_unchanged_for_the_next_message()
    {
        using var hmac = HmacSha1.Create(Repeat(0x0b, 20), HmacSha1Backend.Managed);
        var scratch = new byte[20];
        hmac.ComputeTag(Repeat(0x55, 200), scratch);

        Assert.Equal(Hex("b617318655057264e28bc0b6fb378c8ef146be00"), Tag(hmac, "Hi There"u8));
    }

    [SkippableTheory]
    [InlineData(nameof(HmacSha1Backend.LibCrypto), nameof(HmacSha1Backend.Managed))]
    [InlineData(nameof(HmacSha1Backend.Managed), nameof(HmacSha1Backend.LibCrypto))]
    [InlineData(nameof(HmacSha1Backend.IncrementalHash), nameof(HmacSha1Backend.Managed))]
    public void Srtp_protected_with_one_backend_unprotects_with_another_and_tampering_is_refused(string sender, string receiver)
    {
        using var protect = Context(SkipWithoutLibCrypto(sender));
        using var unprotect = Context(SkipWithoutLibCrypto(receiver));

        for (ushort sequence = 0; sequence < 200; sequence++)
        {
            var plain = RtpPacket(sequence, payloadLength: sequence * 7 % 1200);
            var packet = ProtectRtp(protect, plain);
            var tampered = (byte[])packet.Clone();
            tampered[12 + (sequence % (tampered.Length - 12))] ^= 0x01; // payload or tag: the header would change the index

            Assert.Equal(SrtpStatus.AuthenticationFailed, unprotect.UnprotectRtp(tampered, out _));
            Assert.Equal(SrtpStatus.Ok, unprotect.UnprotectRtp(packet, out var length));
            Assert.Equal(plain, packet[..length]);
        }

        Assert.Equal(200, unprotect.Drops.AuthenticationFailed);
    }

    internal static HmacSha1Backend SkipWithoutLibCrypto(string backendName)
    {
        var backend = Enum.Parse<HmacSha1Backend>(backendName);
        Skip.If(backend == HmacSha1Backend.LibCrypto && !LibCryptoSha1.IsAvailable, "libcrypto.so.3 cannot be loaded here");
        return backend;
    }

    private static SrtpContext Context(HmacSha1Backend backend) =>
        new(SrtpSessionKeys.Derive(SrtpProfile.AesCm128HmacSha1_80, Hex("E1F97A0D3E018BE0D64FA32C06DE4139"), Hex("0EC675AD498AFEEBB6960B3AABE6")), backend);

    private static byte[] Tag(HmacSha1Backend backend, byte[] key, ReadOnlySpan<byte> message)
    {
        using var hmac = HmacSha1.Create(key, backend);
        return Tag(hmac, message);
    }

    private static byte[] Tag(IHmacSha1 hmac, ReadOnlySpan<byte> message)
    {
        var tag = new byte[20];
        hmac.ComputeTag(message, tag);
        return tag;
    }

    private static byte[] Repeat(byte value, int count) => Enumerable.Repeat(value, count).ToArray();

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
