using System.Text.Json;
using System.Text.Json.Nodes;
using BroadcastOperator.Aws;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Stages;

namespace BroadcastOperator.Speech.Engines.Aws;

/// <summary>Amazon Translate TranslateText (JSON 1.1 protocol) as an <see cref="ITranslator"/>.</summary>
public sealed class AmazonTranslateClient : ITranslator
{
    public const string Target = "AWSShineFrontendService_20170701.TranslateText";

    /// <summary>Translate as data: AWS JSON 1.1 with its target prefix.</summary>
    public static readonly AwsJsonService Service = new("translate", "translate", AwsJsonProtocol.Json11("AWSShineFrontendService_20170701"));

    private readonly AwsJsonClient _client;

    public AmazonTranslateClient(HttpClient http, AwsServiceOptions options, IReadOnlyCollection<LanguagePair> pairs)
    {
        _client = options.CreateClient(http, Service);
        Pairs = pairs;
    }

    public IReadOnlyCollection<LanguagePair> Pairs { get; }

    public async Task<string> TranslateAsync(string text, LanguagePair pair, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["Text"] = text,
            ["SourceLanguageCode"] = pair.Source,
            ["TargetLanguageCode"] = pair.Target,
        });
        using var response = await _client.SendAsync("/", body, cancellationToken, operation: "TranslateText").ConfigureAwait(false);
        var json = await JsonNode.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
        return json?["TranslatedText"]?.GetValue<string>()
            ?? throw new InvalidOperationException("Translate answered without TranslatedText.");
    }
}
