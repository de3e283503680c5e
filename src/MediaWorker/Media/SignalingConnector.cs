using System.Net.Security;
using BroadcastOperator.Aws;
using BroadcastOperator.MediaWorker.Options;
using BroadcastOperator.Shared.Signaling;

namespace BroadcastOperator.MediaWorker.Media;

/// <summary>
/// Keeps one signaling connection open: connects, hands every message to the caller, and
/// reconnects with capped exponential backoff when the service drops or refuses it, until stopped. The cap is short
/// (<see cref="MaxDelay"/>): after a signaling restart the worker is back within that of the service (issue 18 part 1's
/// 5 s budget from signaling back to audio), at the cost of one refused attempt per channel every 2 s while it is down.
/// </summary>
public sealed class SignalingConnector(ChannelSettings channel, ChannelRole role, string? clientId, WorkerSettings settings,
    IAwsCredentialsSource credentials, ILogger logger)
{
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    public bool Connected { get; private set; }

    /// <param name="onDisconnected">Told each time a connection that was open has ended, before reconnecting.</param>
    public async Task RunAsync(Func<KvsSignalingClient, SignalingMessage, Task> onMessage, Func<KvsSignalingClient, Task>? onConnected,
        Action? onDisconnected, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!cancellationToken.IsCancellationRequested)
        {
            await using var client = new KvsSignalingClient(new SignalingClientOptions
            {
                ChannelEndpoint = channel.Wss,
                ChannelArn = channel.Arn,
                Role = role,
                ClientId = clientId,
                Region = settings.Region,
                Credentials = credentials,
                ServerCertificateValidation = settings.SignalingInsecureTls ? AcceptAny : null,
            });
            try
            {
                await client.ConnectAsync(cancellationToken);
                Connected = true;
                delay = TimeSpan.FromMilliseconds(250);
                WorkerLog.SignalingConnected(logger, channel.Name, role);
                if (onConnected is not null)
                {
                    await onConnected(client);
                }
                await foreach (var message in client.ReadAllAsync(cancellationToken))
                {
                    await onMessage(client, message);
                }
                WorkerLog.SignalingClosed(logger, channel.Name, client.CloseReason);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                WorkerLog.SignalingFailed(logger, channel.Name, e.Message);
            }
            finally
            {
                if (Connected)
                {
                    onDisconnected?.Invoke();
                }
                Connected = false;
            }
            await Task.Delay(delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 200)), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, MaxDelay.TotalMilliseconds));
        }
    }

    private static bool AcceptAny(object sender, System.Security.Cryptography.X509Certificates.X509Certificate? certificate,
        System.Security.Cryptography.X509Certificates.X509Chain? chain, SslPolicyErrors errors) => true;
}
