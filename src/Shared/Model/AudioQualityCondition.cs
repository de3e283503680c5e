namespace BroadcastOperator.Shared.Model;

/// <summary>
/// The <c>AudioQuality</c> condition of a BroadcastSession: written by the worker (the operator keeps conditions of
/// types it does not own as it read them). True with reason <see cref="Good"/>, or False with one of the problem reasons
/// and a message with the figure.
/// </summary>
public static class AudioQualityCondition
{
    public const string Type = "AudioQuality";
    public const string Good = "Good";
    public const string NoSignal = "NoSignal";
    public const string Clipping = "Clipping";
    public const string Dropouts = "Dropouts";
    public const string TooQuiet = "TooQuiet";
    public const string Noisy = "Noisy";
}
