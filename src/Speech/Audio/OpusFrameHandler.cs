namespace BroadcastOperator.Speech.Audio;

/// <summary>Receives one encoded 20 ms Opus packet of a language; the span is valid only during the call.</summary>
public delegate void OpusFrameHandler(string language, ReadOnlySpan<byte> packet, bool isSpeech);
