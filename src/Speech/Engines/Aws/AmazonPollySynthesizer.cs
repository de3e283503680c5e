using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using BroadcastOperator.Aws;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Ssml;
using BroadcastOperator.Speech.Stages;

namespace BroadcastOperator.Speech.Engines.Aws;

/// <summary>
/// Amazon Polly SynthesizeSpeech (POST /v1/speech, OutputFormat pcm at 16 kHz) as an
/// <see cref="ISpeechSynthesizer"/>: the response body is streamed, so audio is handed on as it arrives.
/// SSML goes as TextType ssml in the voice engine's dialect (<see cref="SsmlDialect.PollyNeural"/> or
/// <see cref="SsmlDialect.PollyStandard"/>); Polly answers a tag its engine lacks with 400 before any audio.
/// All instances share <see cref="RequestRateLimiter.Polly"/> unless given another limiter.
/// </summary>
public sealed class AmazonPollySynthesizer : ISsmlSynthesizer
{
    public const int SampleRate = 16000;

    /// <summary>Polly as data: REST-JSON.</summary>
    public static readonly AwsJsonService Service = new("polly", "polly", AwsJsonProtocol.RestJson);

    private static readonly Dictionary<string, string> DefaultVoices = new(StringComparer.Ordinal)
    {
        ["en"] = "Joanna", ["es"] = "Lucia", ["ca"] = "Arlet", ["fr"] = "Lea", ["de"] = "Vicki", ["it"] = "Bianca",
        ["pt"] = "Ines", ["nl"] = "Laura", ["ja"] = "Takumi", ["ko"] = "Seoyeon", ["pl"] = "Ola", ["sv"] = "Elin",
    };

    private readonly AwsJsonClient _client;
    private readonly RequestRateLimiter _limiter;

    public AmazonPollySynthesizer(HttpClient http, AwsServiceOptions options, bool neural = true, RequestRateLimiter? limiter = null)
    {
        _client = options.CreateClient(http, Service);
        _limiter = limiter ?? RequestRateLimiter.Polly;
        Neural = neural;
    }

    public bool Neural { get; }

    public IReadOnlyCollection<string> Languages => DefaultVoices.Keys;

    public async IAsyncEnumerable<PcmChunk> SynthesizeAsync(string text, string language, string? voice,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            yield break;
        }

        await foreach (var chunk in StreamAsync(text, "text", language, voice, cancellationToken).ConfigureAwait(false))
        {
            yield return chunk;
        }
    }

    public SsmlDialect DialectFor(string language, string? voice) => Neural ? SsmlDialect.PollyNeural : SsmlDialect.PollyStandard;

    public async IAsyncEnumerable<PcmChunk> SynthesizeSsmlAsync(IReadOnlyList<string> documents, string language, string? voice,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var document in documents)
        {
            await foreach (var chunk in StreamAsync(document, "ssml", language, voice, cancellationToken).ConfigureAwait(false))
            {
                yield return chunk;
            }
        }
    }

    private async IAsyncEnumerable<PcmChunk> StreamAsync(string text, string textType, string language, string? voice,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var voiceId = voice ?? (DefaultVoices.TryGetValue(language, out var v) ? v
            : throw new UnservedLanguageException($"No Polly voice configured for '{language}'.", []));
        var body = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["Engine"] = Neural ? "neural" : "standard",
            ["OutputFormat"] = "pcm",
            ["SampleRate"] = SampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Text"] = text,
            ["TextType"] = textType,
            ["VoiceId"] = voiceId,
        });
        using var response = await _client.SendAsync("/v1/speech", body, cancellationToken, beforeAttempt: _limiter.WaitAsync)
            .ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[6400]; // 200 ms
        var carry = -1; // a byte of a sample split across reads
        while (true)
        {
            var offset = carry >= 0 ? 1 : 0;
            if (carry >= 0)
            {
                buffer[0] = (byte)carry;
            }

            var read = await stream.ReadAsync(buffer.AsMemory(offset), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                yield break;
            }

            var length = offset + read;
            var samples = new short[length / 2];
            Buffer.BlockCopy(buffer, 0, samples, 0, samples.Length * 2); // PCM is little-endian, as is the host
            carry = (length & 1) == 1 ? buffer[length - 1] : -1;
            if (samples.Length > 0)
            {
                yield return new PcmChunk(samples, SampleRate);
            }
        }
    }
}
