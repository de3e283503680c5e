namespace BroadcastOperator.Speech.Engines.Local;

/// <summary>Where an acoustic model, language model and dictionary live (Debian pocketsphinx-en-us by default).</summary>
public sealed record PocketSphinxModel(string Language, string AcousticModelDir, string LanguageModelPath, string DictionaryPath)
{
    public const string DebianModelRoot = "/usr/share/pocketsphinx/model/en-us";

    public static PocketSphinxModel DebianEnglish { get; } = new(
        "en",
        Path.Combine(DebianModelRoot, "en-us"),
        Path.Combine(DebianModelRoot, "en-us.lm.bin"),
        Path.Combine(DebianModelRoot, "cmudict-en-us.dict"));

    public bool IsInstalled =>
        Directory.Exists(AcousticModelDir) && File.Exists(LanguageModelPath) && File.Exists(DictionaryPath);
}
