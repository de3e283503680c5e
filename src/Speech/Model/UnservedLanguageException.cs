namespace BroadcastOperator.Speech.Model;

/// <summary>
/// A session asked for a language (pair) that no installed or configured engine serves. The message names the
/// pairs that are served so the caller can show it to the user as is.
/// </summary>
public sealed class UnservedLanguageException : Exception
{
    public UnservedLanguageException(string message, IReadOnlyList<LanguagePair> servedPairs)
        : base(message) => ServedPairs = servedPairs;

    public IReadOnlyList<LanguagePair> ServedPairs { get; }
}
