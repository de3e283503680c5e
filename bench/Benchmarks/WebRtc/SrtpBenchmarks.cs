using BenchmarkDotNet.Attributes;
using BroadcastOperator.WebRtc.Srtp;

namespace BroadcastOperator.Benchmarks.WebRtc;

/// <summary>
/// One 20 ms Opus packet (12-byte RTP header, 160-byte payload: 64 kbit/s) through SRTP. Unprotect needs a
/// fresh index each time (the replay window refuses repeats), so it is measured as protect followed
/// by unprotect; the suite subtracts <see cref="Protect"/> to report unprotect alone.
/// </summary>
[MemoryDiagnoser]
public class SrtpBenchmarks
{
    public const int PayloadLength = 160;

    private readonly byte[] _plain = new byte[12 + PayloadLength];
    private readonly byte[] _buffer = new byte[12 + PayloadLength + 32];
    private SrtpContext _sender = null!;
    private SrtpContext _receiver = null!;
    private ushort _sequenceNumber;

    [Params(SrtpVariant.AesCm, SrtpVariant.AesCmManagedHmac, SrtpVariant.AesCmIncrementalHashBaseline, SrtpVariant.Gcm)]
    public SrtpVariant Variant { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var profile = Variant.Profile();
        var key = Enumerable.Range(1, profile.MasterKeyLength()).Select(i => (byte)i).ToArray();
        var salt = Enumerable.Range(1, profile.MasterSaltLength()).Select(i => (byte)(i * 3)).ToArray();
        _sender = Variant.CreateContext(key, salt);
        _receiver = Variant.CreateContext(key, salt);
        _plain[0] = 0x80;
        _plain[1] = 111;
        _plain[11] = 0x2A;
        new Random(1).NextBytes(_plain.AsSpan(12));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }

    [Benchmark]
    public int Protect()
    {
        var length = PrepareNextPacket();
        _sender.ProtectRtp(_buffer, length, out var protectedLength);
        return protectedLength;
    }

    [Benchmark]
    public int ProtectThenUnprotect()
    {
        var length = PrepareNextPacket();
        _sender.ProtectRtp(_buffer, length, out var protectedLength);
        _receiver.UnprotectRtp(_buffer.AsSpan(0, protectedLength), out var plainLength);
        return plainLength;
    }

    private int PrepareNextPacket()
    {
        _plain.CopyTo(_buffer, 0);
        var sequenceNumber = _sequenceNumber++;
        _buffer[2] = (byte)(sequenceNumber >> 8);
        _buffer[3] = (byte)sequenceNumber;
        return _plain.Length;
    }
}
