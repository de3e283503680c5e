using BroadcastOperator.Shared.Signaling;

namespace BroadcastOperator.Signaling.Tests.Fixtures;

/// <summary>
/// Waiting on a signaling connection with a deadline: the next message of a kind, or its end. Waiting on a condition is
/// TestSupport's <see cref="Eventually"/>.
/// </summary>
public static class SignalingClientWaits
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The next message matching <paramref name="match"/>, skipping others.</summary>
    public static async Task<SignalingMessage> NextAsync(this KvsSignalingClient client, Func<SignalingMessage, bool> match,
        TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        await foreach (var message in client.ReadAllAsync(cts.Token))
        {
            if (match(message))
            {
                return message;
            }
        }
        throw new InvalidOperationException("The connection closed before the expected message: " + client.CloseReason);
    }

    public static Task<SignalingMessage> NextAsync(this KvsSignalingClient client, string type, TimeSpan? timeout = null) =>
        client.NextAsync(m => m.Type == type, timeout);

    /// <summary>Waits until the server has closed the connection (the message stream ends).</summary>
    public static async Task ClosedAsync(this KvsSignalingClient client, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        await foreach (var _ in client.ReadAllAsync(cts.Token))
        {
        }
    }
}
