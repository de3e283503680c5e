namespace BroadcastOperator.WebRtc.Dtls;

/// <summary>DTLS record content types (TLS registry; 25 is the RFC 9146 connection-ID record, 26 the DTLS 1.3 ACK).</summary>
public enum DtlsContentType : byte
{
    ChangeCipherSpec = 20,
    Alert = 21,
    Handshake = 22,
    ApplicationData = 23,
    Heartbeat = 24,
    ConnectionIdRecord = 25,
    Ack = 26,
}
