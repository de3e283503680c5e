using BroadcastOperator.Speech.Stages;

namespace BroadcastOperator.Speech.Pipeline;

/// <summary>The three stages a session runs with (embedded or cloud, chosen per stage by spec.engines).</summary>
public sealed record SpeechEngines(ISpeechRecognizer Recognizer, ITranslator Translator, ISpeechSynthesizer Synthesizer);
