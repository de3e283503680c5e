namespace BroadcastOperator.Speech.Engines.Local;

/// <summary>Maps the ISO 639-3 codes apertium names its pairs with to the BCP-47 primary tags sessions use.</summary>
public static class LanguageCodes
{
    private static readonly Dictionary<string, string> ThreeToTwo = new(StringComparer.Ordinal)
    {
        ["eng"] = "en", ["spa"] = "es", ["cat"] = "ca", ["fra"] = "fr", ["por"] = "pt", ["ita"] = "it",
        ["deu"] = "de", ["glg"] = "gl", ["oci"] = "oc", ["eus"] = "eu", ["ron"] = "ro", ["nld"] = "nl",
        ["epo"] = "eo", ["arg"] = "an", ["ast"] = "ast", ["nob"] = "nb", ["nno"] = "nn", ["swe"] = "sv",
        ["dan"] = "da", ["isl"] = "is", ["pol"] = "pl", ["ces"] = "cs", ["slk"] = "sk", ["rus"] = "ru",
        ["ukr"] = "uk", ["bel"] = "be", ["bul"] = "bg", ["mkd"] = "mk", ["hbs"] = "sh", ["slv"] = "sl",
        ["eng_US"] = "en", ["cym"] = "cy", ["bre"] = "br", ["gle"] = "ga", ["mlt"] = "mt", ["ara"] = "ar",
        ["tur"] = "tr", ["kaz"] = "kk", ["tat"] = "tt", ["hin"] = "hi", ["urd"] = "ur", ["ind"] = "id", ["msa"] = "ms",
    };

    /// <summary>Returns the two-letter tag of an apertium code, or the code itself when already short or unknown.</summary>
    public static string FromApertium(string code) =>
        ThreeToTwo.TryGetValue(code, out var tag) ? tag : code;
}
