using BroadcastOperator.Speech.Model;

namespace BroadcastOperator.Speech.Stages;

/// <summary>Machine translation of one final segment's text into a target language. Safe to call concurrently.</summary>
public interface ITranslator
{
    IReadOnlyCollection<LanguagePair> Pairs { get; }

    Task<string> TranslateAsync(string text, LanguagePair pair, CancellationToken cancellationToken);
}
