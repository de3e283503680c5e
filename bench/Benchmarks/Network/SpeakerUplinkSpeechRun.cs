using System.Diagnostics;
using System.Threading.Channels;
using BroadcastOperator.Benchmarks.Speech;
using BroadcastOperator.MediaWorker.Media;
using BroadcastOperator.Speech.Audio;
using BroadcastOperator.Speech.Engines.Local;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Pipeline;
using BroadcastOperator.TestSupport.NetLab;
using Concentus;
using Concentus.Enums;

namespace BroadcastOperator.Benchmarks.Network;

/// <summary>What recognition made of the speaker's uplink in one run.</summary>
internal sealed record UplinkSpeechResult(int Words, int Errors, IReadOnlyList<double> PhraseLatenciesMs, SpeakerPlayoutFigures Playout, long LinkDropped, long Nacked)
{
    public double WerPercent => Words == 0 ? double.NaN : 100.0 * Errors / Words;

    public double LatencyP50Ms => PhraseLatenciesMs.Count == 0 ? double.NaN : PhraseLatenciesMs.Order().ElementAt((PhraseLatenciesMs.Count - 1) / 2);

    public override string ToString() => FormattableString.Invariant(
        $"WER {WerPercent:0.0} % ({Errors}/{Words}), end of speech → final caption p50 {LatencyP50Ms:0} ms over {PhraseLatenciesMs.Count} phrases; link dropped {LinkDropped}, NACKed {Nacked}; jitter buffer: {Playout.Played} played, {Playout.FecRecovered} FEC, {Playout.Concealed} concealed, {Playout.Skipped} skipped, {Playout.Late} late, jitter {Playout.Jitter.TotalMilliseconds:0.0} ms, depth {Playout.TargetDepth.TotalMilliseconds:0} ms");
}

/// <summary>
/// The speech bench's librivox utterances (1.5 s of room tone between them, as there) spoken by a speaker as a browser
/// would send them (48 kHz Opus, 20 ms, in-band FEC, paced in real time) over a <see cref="SpeakerUplink"/>, into the
/// worker's ingest as the worker runs it: its receiving peer, <see cref="SpeakerPlayout"/> (jitter buffer, FEC, PLC)
/// and the speech pipeline with the embedded recognizer. The packets are encoded once, so every run sends the same
/// bytes. WER is the speech bench's (per utterance, its final captions); the latency is end of speech in the audio
/// (<see cref="EndOfSpeechReference"/>, at the instant the speaker sent it) → the phrase's final source caption.
/// </summary>
internal sealed class SpeakerUplinkSpeechRun
{
    private const double RoomToneDbfs = -48;
    private const int FrameSamples48k = 960;
    private readonly IReadOnlyList<(string Wav, string Reference, short[] Samples)> _corpus;
    private readonly List<byte[]> _packets = [];
    private readonly List<(TimeSpan Start, TimeSpan End)> _spans = [];
    private readonly EndOfSpeechReference _speechEnds = new();

    private SpeakerUplinkSpeechRun(IReadOnlyList<(string Wav, string Reference, short[] Samples)> corpus)
    {
        _corpus = corpus;
        var gap = RoomTone.Generate(16000 * 3 / 2, RoomToneDbfs);
        var stream = new List<short>(gap);
        foreach (var (_, _, samples) in corpus)
        {
            var start = TimeSpan.FromSeconds(stream.Count / 16000.0);
            _speechEnds.AddUtterance(start, samples);
            stream.AddRange(samples);
            _spans.Add((start, TimeSpan.FromSeconds(stream.Count / 16000.0)));
            stream.AddRange(gap);
        }

        Encode([.. stream]);
    }

    public TimeSpan Duration => TimeSpan.FromMilliseconds(20 * _packets.Count);

    /// <summary>Null (with the reason) when the corpus or the recognizer is not installed.</summary>
    public static SpeakerUplinkSpeechRun? TryCreate(out string? why)
    {
        var corpus = LibrivoxCorpus.Load();
        why = corpus.Count == 0 ? $"no librivox corpus in {LibrivoxCorpus.Directory}"
            : !PocketSphinxModel.DebianEnglish.IsInstalled ? "pocketsphinx's English model is not installed" : null;
        return why is null ? new SpeakerUplinkSpeechRun(corpus) : null;
    }

    public async Task<UplinkSpeechResult> RunAsync(Impairment uplink, CancellationToken cancellationToken)
    {
        await using var recognizer = new PocketSphinxRecognizer();
        await using var translator = new ApertiumTranslator();
        await using var pipeline = new SpeechPipeline(new SpeechPipelineOptions { SourceLanguage = "en", TargetLanguages = [] },
            new SpeechEngines(recognizer, translator, new EspeakSynthesizer()));
        pipeline.Start();
        var captions = new List<(CaptionEvent Caption, long At)>();
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = ReadFinalsAsync(pipeline.Captions, captions, stopReading.Token);

        await using var link = await SpeakerUplink.ConnectAsync(uplink, uplink with { Seed = uplink.Seed + 27 }, speakerNack: false, speakerRed: true, cancellationToken);
        using var playout = new SpeakerPlayout(pipeline);
        link.Worker.AudioReceived += playout.OnPacket;
        var startedAt = await SendAsync(link, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken); // the last packets' way through the buffer, not a condition
        link.Worker.AudioReceived -= playout.OnPacket;
        await pipeline.CompleteAsync(cancellationToken);
        await stopReading.CancelAsync();
        await reading;
        while (pipeline.Captions.TryRead(out var last))
        {
            if (last.IsFinal && last.IsSourceLanguage)
            {
                captions.Add((last, Stopwatch.GetTimestamp()));
            }
        }

        var finals = captions.Select(c => c.Caption).ToList();
        var (words, errors) = LibrivoxCorpus.Score(_corpus, _spans, finals);
        var latencies = captions
            .Select(c => (c.At, End: _speechEnds.LastSpeechEndBefore(c.Caption.End)))
            .Where(c => c.End is not null)
            .Select(c => Stopwatch.GetElapsedTime(startedAt + (long)(c.End!.Value.TotalSeconds * Stopwatch.Frequency), c.At).TotalMilliseconds)
            .ToList();
        return new UplinkSpeechResult(words, errors, latencies, playout.Figures, link.Relay.TowardServer.Dropped, link.Worker.PacketsNacked);
    }

    /// <summary>Sends every packet on its 20 ms slot (a frame leaves once captured); returns when stream offset zero was due.</summary>
    private async Task<long> SendAsync(SpeakerUplink link, CancellationToken cancellationToken)
    {
        var startedAt = Stopwatch.GetTimestamp();
        for (var i = 0; i < _packets.Count; i++)
        {
            var due = TimeSpan.FromMilliseconds(20 * (i + 1)) - Stopwatch.GetElapsedTime(startedAt);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }

            link.Speaker.SendAudio(_packets[i]);
        }

        return startedAt;
    }

    /// <summary>Stamps each final source caption as it comes, until cancelled.</summary>
    private static async Task ReadFinalsAsync(ChannelReader<CaptionEvent> reader, List<(CaptionEvent, long)> finals, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var caption in reader.ReadAllAsync(cancellationToken))
            {
                if (caption.IsFinal && caption.IsSourceLanguage)
                {
                    finals.Add((caption, Stopwatch.GetTimestamp()));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the run is over; the caller drains what is left
        }
    }

    /// <summary>16 kHz → 48 kHz → Opus as a browser sends speech: 32 kbit/s voice, in-band FEC for the 5 % its receiver reports show.</summary>
    private void Encode(short[] pcm16k)
    {
        var to48k = new PolyphaseResampler(16000, 48000);
        var pcm48k = new short[to48k.MaxOutputFor(pcm16k.Length)];
        var length = to48k.Process(pcm16k, pcm48k);
        var encoder = OpusCodecFactory.CreateEncoder(48000, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        encoder.Bitrate = 32000;
        encoder.SignalType = OpusSignal.OPUS_SIGNAL_VOICE;
        encoder.UseInbandFEC = true;
        encoder.PacketLossPercent = 5;
        var packet = new byte[1275];
        for (var i = 0; i + FrameSamples48k <= length; i += FrameSamples48k)
        {
            var bytes = encoder.Encode(pcm48k.AsSpan(i, FrameSamples48k), FrameSamples48k, packet, packet.Length);
            _packets.Add(packet.AsSpan(0, bytes).ToArray());
        }
    }
}
