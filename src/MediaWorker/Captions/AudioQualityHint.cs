namespace BroadcastOperator.MediaWorker.Captions;

/// <summary>
/// What the speaker page shows about the speaker's audio: <see cref="Ok"/> with an empty hint clears it. Sent on the
/// captions stream as <c>event: quality</c>.
/// </summary>
public sealed record AudioQualityHint(bool Ok, string Reason, string Hint, string Message);
