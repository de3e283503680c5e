using BroadcastOperator.WebRtc.Rtp;

namespace BroadcastOperator.WebRtc.Peer;

/// <summary>Receives one unprotected RTP packet's header and payload; the span is only valid during the call.</summary>
public delegate void RtpPayloadHandler(in RtpHeader header, ReadOnlySpan<byte> payload);
