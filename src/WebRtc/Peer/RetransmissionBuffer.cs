namespace BroadcastOperator.WebRtc.Peer;

/// <summary>
/// The last <see cref="Capacity"/> RTP packets this peer sent, unprotected, by sequence number, for answering a
/// generic NACK (RFC 4585 §6.2.1) with the same packet again: audio has no RTX stream (Chromium negotiates none for
/// Opus), so the retransmission reuses the original sequence number, which the receiver's SRTP replay window
/// accepts because it never saw it. A packet is resent at most once per <see cref="MinResendInterval"/>.
/// </summary>
internal sealed class RetransmissionBuffer
{
    public const int Capacity = 64; // 1.28 s of 20 ms frames: more than any useful round trip for live audio
    public static readonly TimeSpan MinResendInterval = TimeSpan.FromMilliseconds(40);

    private readonly byte[][] _packets = new byte[Capacity][];
    private readonly int[] _lengths = new int[Capacity];
    private readonly int[] _sequenceNumbers = new int[Capacity];
    private readonly long[] _lastSent = new long[Capacity];

    public RetransmissionBuffer() => Array.Fill(_sequenceNumbers, -1);

    public void Store(ReadOnlySpan<byte> packet, ushort sequenceNumber, long now)
    {
        var slot = sequenceNumber % Capacity;
        var stored = _packets[slot] ??= new byte[1500];
        if (packet.Length > stored.Length)
        {
            _sequenceNumbers[slot] = -1;
            return;
        }

        packet.CopyTo(stored);
        _lengths[slot] = packet.Length;
        _sequenceNumbers[slot] = sequenceNumber;
        _lastSent[slot] = now;
    }

    /// <summary>Copies the packet with this sequence number into <paramref name="destination"/> when it is held and may be resent now.</summary>
    public bool TryTake(ushort sequenceNumber, long now, long minResendTicks, Span<byte> destination, out int length)
    {
        var slot = sequenceNumber % Capacity;
        length = _lengths[slot];
        if (_sequenceNumbers[slot] != sequenceNumber || now - _lastSent[slot] < minResendTicks || length > destination.Length)
        {
            return false;
        }

        _lastSent[slot] = now;
        _packets[slot].AsSpan(0, length).CopyTo(destination);
        return true;
    }
}
