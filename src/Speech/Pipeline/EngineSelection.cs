namespace BroadcastOperator.Speech.Pipeline;

/// <summary>Which implementation each stage uses (spec.engines: "local" or "aws" per stage).</summary>
public sealed record EngineSelection(string Asr = EngineSelection.Local, string Translation = EngineSelection.Local, string Tts = EngineSelection.Local)
{
    public const string Local = "local";
    public const string Aws = "aws";
}
