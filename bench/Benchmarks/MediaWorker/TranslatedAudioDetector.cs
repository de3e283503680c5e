using System.Diagnostics;
using BroadcastOperator.WebRtc.Rtp;
using Concentus;

namespace BroadcastOperator.Benchmarks.MediaWorker;

/// <summary>
/// Watches one translated-language listener: decodes every packet it receives and remembers when audible
/// audio (translated speech, as opposed to the worker's comfort silence) last arrived and the first time it
/// arrived after a given moment.
/// </summary>
internal sealed class TranslatedAudioDetector
{
    private readonly IOpusDecoder _decoder = OpusCodecFactory.CreateDecoder(48000, 1);
    private readonly short[] _pcm = new short[5760];
    private long _lastSpeechAt;
    private long _firstSpeechAfterMark;
    private long _mark = long.MaxValue;

    public TranslatedAudioDetector(BenchListener listener, string language)
    {
        Language = language;
        listener.Peer.AudioReceived += OnPacket;
    }

    public string Language { get; }

    /// <summary>Stopwatch timestamp of the last audible packet (0: none yet).</summary>
    public long LastSpeechAt => Volatile.Read(ref _lastSpeechAt);

    /// <summary>The first audible packet at or after the last <see cref="MarkFrom"/> (0: none yet).</summary>
    public long FirstSpeechAfterMark => Volatile.Read(ref _firstSpeechAfterMark);

    /// <summary>From now on, <see cref="FirstSpeechAfterMark"/> is the first audible packet received after <paramref name="timestamp"/>.</summary>
    public void MarkFrom(long timestamp)
    {
        Volatile.Write(ref _firstSpeechAfterMark, 0);
        Volatile.Write(ref _mark, timestamp);
    }

    private void OnPacket(in RtpHeader header, ReadOnlySpan<byte> payload)
    {
        var now = Stopwatch.GetTimestamp();
        int samples;
        try
        {
            samples = _decoder.Decode(payload, _pcm, _pcm.Length);
        }
        catch (Exception e) when (e is OpusException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            return;
        }

        if (samples <= 0 || SpokenPhrase.Peak(_pcm.AsSpan(0, samples)) <= SpokenPhrase.SilencePeak)
        {
            return;
        }

        Volatile.Write(ref _lastSpeechAt, now);
        if (now >= Volatile.Read(ref _mark) && Volatile.Read(ref _firstSpeechAfterMark) == 0)
        {
            Volatile.Write(ref _firstSpeechAfterMark, now);
        }
    }
}
