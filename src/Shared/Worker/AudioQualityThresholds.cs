using System.Globalization;

namespace BroadcastOperator.Shared.Worker;

/// <summary>One audio-quality threshold: its operator setting, the worker variable it travels in, its default and range.</summary>
public sealed record AudioQualityThreshold(string Setting, string Variable, double Default, double Min, double Max, bool Whole = false)
{
    /// <summary>Null when the value can work, else why not, naming <paramref name="name"/> (the setting or the variable).</summary>
    public string? Check(string name, double value) =>
        double.IsFinite(value) && value >= Min && value <= Max && (!Whole || value == Math.Floor(value))
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"{name}={value} is not {(Whole ? "a whole number" : "a number")} within {Min}..{Max}");

    /// <summary>The value as the worker reads it.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>
/// The speaker's audio-quality thresholds that can be set per installation (chart values <c>worker.audioQuality</c> →
/// Operator__Worker__AudioQuality__{Setting} → the worker's BROADCAST_AUDIO_QUALITY_*). The defaults are the worker's
/// (<c>AudioQualityOptions</c> in src/Speech), repeated here so both ends check the same ranges.
/// </summary>
public static class AudioQualityThresholds
{
    /// <summary>Share of a window's samples in flat tops at the rail that counts as clipping.</summary>
    public static readonly AudioQualityThreshold ClippingRatio = new(nameof(ClippingRatio), WorkerEnvironment.QualityClippingRatio, 0.001, 0.000001, 1);

    /// <summary>Speech quieter than this (dBFS RMS over its frames) is too quiet.</summary>
    public static readonly AudioQualityThreshold TooQuietDbfs = new(nameof(TooQuietDbfs), WorkerEnvironment.QualityTooQuietDbfs, -38, -90, 0);

    /// <summary>Speech less than this far (dB) above the noise floor is noisy.</summary>
    public static readonly AudioQualityThreshold NoisySnrDb = new(nameof(NoisySnrDb), WorkerEnvironment.QualityNoisySnrDb, 15, 0, 60);

    /// <summary>Share of the expected packets lost in a window that counts as dropouts.</summary>
    public static readonly AudioQualityThreshold DropoutRatio = new(nameof(DropoutRatio), WorkerEnvironment.QualityDropoutRatio, 0.05, 0.001, 1);

    /// <summary>Seconds without speech while on air that count as no signal.</summary>
    public static readonly AudioQualityThreshold NoSignalSeconds = new(nameof(NoSignalSeconds), WorkerEnvironment.QualityNoSignalSeconds, 30, 1, 3600);

    /// <summary>Windows in a row that raise a problem, and that clear it (hysteresis).</summary>
    public static readonly AudioQualityThreshold RaiseAfterWindows = new(nameof(RaiseAfterWindows), WorkerEnvironment.QualityRaiseAfterWindows, 2, 1, 60, Whole: true);

    public static readonly AudioQualityThreshold ClearAfterWindows = new(nameof(ClearAfterWindows), WorkerEnvironment.QualityClearAfterWindows, 3, 1, 60, Whole: true);

    public static readonly IReadOnlyList<AudioQualityThreshold> All =
        [ClippingRatio, TooQuietDbfs, NoisySnrDb, DropoutRatio, NoSignalSeconds, RaiseAfterWindows, ClearAfterWindows];
}
