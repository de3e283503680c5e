using BroadcastOperator.SessionApi.Options;
using BroadcastOperator.Shared.Model;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.SessionApi.Sessions;

/// <summary>Checks a create request before anything is written; every error is keyed by the field at fault.</summary>
public sealed class CreateSessionValidator(ILanguageSupport languages, IOptions<SessionApiOptions> options)
{
    private static readonly string[] Tiers = ["standard", "premium"];
    private static readonly string[] EngineKinds = ["local", "aws"];

    public Dictionary<string, string[]> Validate(CreateSessionRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

        if (string.IsNullOrEmpty(request.SourceLanguage))
        {
            Add("sourceLanguage", "Required: the language the speaker talks, e.g. en");
        }
        else if (!LanguageTags.IsValid(request.SourceLanguage))
        {
            Add("sourceLanguage", $"'{request.SourceLanguage}' is not a language tag like en or pt-BR");
        }

        ValidateTargets(request, Add);
        ValidateVoices(request, Add);

        if (request.QualityTier is { } tier && !Tiers.Contains(tier))
        {
            Add("qualityTier", "Must be standard or premium");
        }
        foreach (var (field, value) in new[] { ("asr", request.Engines?.Asr), ("translation", request.Engines?.Translation), ("tts", request.Engines?.Tts) })
        {
            if (value is not null && !EngineKinds.Contains(value))
            {
                Add($"engines.{field}", "Must be local or aws");
            }
        }

        var limits = options.Value;
        if (request.TtlSeconds is { } ttl && (ttl < BroadcastSessionSpec.MinTtlSeconds || ttl > limits.MaxTtlSeconds))
        {
            Add("ttlSeconds", $"Must be between {BroadcastSessionSpec.MinTtlSeconds} and {limits.MaxTtlSeconds}");
        }
        if (request.MaxListeners is { } max && (max < 1 || max > limits.MaxListeners))
        {
            Add("maxListeners", $"Must be between 1 and {limits.MaxListeners}");
        }
        return errors;
    }

    private void ValidateTargets(CreateSessionRequest request, Action<string, string> add)
    {
        var targets = request.TargetLanguages;
        if (targets is null || targets.Count == 0)
        {
            add("targetLanguages", "Required: 1 to 16 languages to translate into, e.g. [\"es\"]");
            return;
        }
        if (targets.Count > BroadcastSessionSpec.MaxTargetLanguages)
        {
            add("targetLanguages", $"At most {BroadcastSessionSpec.MaxTargetLanguages} languages, got {targets.Count}");
            return;
        }
        for (var i = 0; i < targets.Count; i++)
        {
            if (!LanguageTags.IsValid(targets[i]))
            {
                add($"targetLanguages[{i}]", $"'{targets[i]}' is not a language tag like es or pt-BR");
            }
        }
        var duplicates = targets.GroupBy(t => t).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            add("targetLanguages", $"Languages must be unique; repeated: {string.Join(", ", duplicates)}");
        }
        if (request.SourceLanguage is { } source && LanguageTags.IsValid(source))
        {
            if (targets.Contains(source))
            {
                add("targetLanguages", $"'{source}' is the source language, which listeners always get; leave it out");
            }
            var unserved = targets.Where(t => t != source && LanguageTags.IsValid(t) && !languages.Serves(source, t)).ToList();
            if (unserved.Count > 0)
            {
                var served = languages.DescribeServedPairs();
                add("targetLanguages", $"No configured engine serves {string.Join(", ", unserved.Select(t => $"{source}->{t}"))}. " +
                    $"Served pairs: {(served.Count == 0 ? "none" : string.Join(", ", served))}");
            }
        }
    }

    private static void ValidateVoices(CreateSessionRequest request, Action<string, string> add)
    {
        if (request.Voices is null)
        {
            return;
        }
        var languages = new HashSet<string>(request.TargetLanguages ?? []);
        if (request.SourceLanguage is not null)
        {
            languages.Add(request.SourceLanguage);
        }
        foreach (var (language, voice) in request.Voices)
        {
            if (!languages.Contains(language))
            {
                add($"voices.{language}", "Voices may only be given for the session's languages");
            }
            else if (voice is not { Length: > 0 and <= 64 } || !voice.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '+' or '.'))
            {
                add($"voices.{language}", "A voice name is 1 to 64 letters, digits, - _ + or .");
            }
        }
    }
}
