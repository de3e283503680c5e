namespace BroadcastOperator.Speech.Ssml;

/// <summary>How an engine wants a loudness change written.</summary>
public enum SsmlVolumeUnit
{
    /// <summary>A relative amplitude percentage, "+100%" twice the amplitude (espeak-ng ignores dB).</summary>
    AmplitudePercent,

    /// <summary>"+6dB" (Polly).</summary>
    Decibels,
}

/// <summary>How an engine wants a rate change written.</summary>
public enum SsmlRateUnit
{
    /// <summary>"+20%" / "-20%" relative to the voice's rate (espeak-ng).</summary>
    RelativePercent,

    /// <summary>"120%" of the default rate, 20..200 (Polly).</summary>
    PercentOfDefault,
}

/// <summary>
/// The part of SSML one engine (and voice kind) accepts. Tags outside it are never written: Polly refuses a request
/// with a tag its voice engine lacks (neural voices have no <c>&lt;emphasis&gt;</c> and no prosody pitch).
/// <see cref="PitchScale"/> turns the F0 change wanted into the engine's pitch percentage: espeak-ng's pitch attribute moves
/// its base pitch, and F0 follows it by little more than half (measured: +30 % gives +18 % F0, −30 % gives −9 %).
/// </summary>
public sealed record SsmlDialect(
    string Name,
    bool Pitch,
    bool Emphasis,
    SsmlVolumeUnit Volume,
    SsmlRateUnit Rate,
    bool DocumentPerPart,
    double PitchScale = 1)
{
    /// <summary>espeak-ng with <c>espeakSSML</c> (<c>-m</c>): prosody rate/pitch/volume in %, break, emphasis. One
    /// document per text part, because the synthesizer renders part by part to hand over audio early.</summary>
    public static readonly SsmlDialect Espeak = new("espeak-ng", Pitch: true, Emphasis: true, SsmlVolumeUnit.AmplitudePercent,
        SsmlRateUnit.RelativePercent, DocumentPerPart: true, PitchScale: 1.8);

    /// <summary>Polly standard voices: every tag used here.</summary>
    public static readonly SsmlDialect PollyStandard = new("polly-standard", Pitch: true, Emphasis: true, SsmlVolumeUnit.Decibels,
        SsmlRateUnit.PercentOfDefault, DocumentPerPart: false);

    /// <summary>Polly neural voices: prosody rate and volume, break; no pitch, no emphasis (a question keeps its "?").</summary>
    public static readonly SsmlDialect PollyNeural = new("polly-neural", Pitch: false, Emphasis: false, SsmlVolumeUnit.Decibels,
        SsmlRateUnit.PercentOfDefault, DocumentPerPart: false);
}
