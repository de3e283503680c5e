namespace BroadcastOperator.WebRtc.Dtls;

/// <summary>
/// Sends one DTLS datagram to the peer (through the shared UDP socket, to the peer's selected
/// address). Called from the handshake thread; must not block for long.
/// </summary>
public delegate void DatagramSend(ReadOnlySpan<byte> datagram);
