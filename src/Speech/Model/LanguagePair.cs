namespace BroadcastOperator.Speech.Model;

/// <summary>A source → target translation direction with BCP-47 primary tags ("en" → "es").</summary>
public readonly record struct LanguagePair(string Source, string Target)
{
    public override string ToString() => $"{Source}->{Target}";
}
