namespace BroadcastOperator.Speech.Pipeline;

/// <summary>A block of 16 kHz speaker audio (pooled buffer) and the instant it reached the pipeline.</summary>
internal readonly record struct AudioBlock(short[] Buffer, int Length, long ArrivedAt);
