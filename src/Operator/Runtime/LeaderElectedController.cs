using BroadcastOperator.Operator.Metrics;
using BroadcastOperator.Operator.Options;
using k8s;
using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.Operator.Runtime;

/// <summary>
/// Runs the controller only while this replica holds the Lease. A replica that stops renewing (it
/// died, or lost the API server) is replaced by a standby once the lease duration has passed; one that
/// shuts down gracefully hands the lease back once its controller has stopped, so a standby takes over
/// at its next retry instead of waiting out the lease (a rolling update has no leaderless gap).
/// </summary>
public sealed partial class LeaderElectedController(
    IKubernetes client,
    SessionController controller,
    IOptions<OperatorOptions> options,
    OperatorMetrics metrics,
    ILogger<LeaderElectedController> logger) : BackgroundService
{
    // Shutdown waits for the release, so it is bounded; the host's own shutdown timeout is longer.
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(3);

    private volatile bool _leading;

    public bool IsLeader => _leading;

    public string Identity => options.Value.LeaderElection.Identity;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var election = options.Value.LeaderElection;
        if (!election.Enabled)
        {
            SetLeading(true);
            await controller.RunAsync(stoppingToken);
            return;
        }
        var leaseLock = new LeaseLock(client, election.LeaseNamespace, election.LeaseName, election.Identity);
        while (!stoppingToken.IsCancellationRequested)
        {
            using var elector = new LeaderElector(new LeaderElectionConfig(leaseLock)
            {
                LeaseDuration = election.LeaseDuration,
                RenewDeadline = election.RenewDeadline,
                RetryPeriod = election.RetryPeriod,
            });
            using var term = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var run = Task.CompletedTask;
            var led = false;
            elector.OnStartedLeading += () =>
            {
                led = true;
                SetLeading(true);
                LogLeading(logger, election.Identity);
                run = Task.Run(() => controller.RunAsync(term.Token), CancellationToken.None);
            };
            elector.OnError += e => LogElectionError(logger, e.Message);
            try
            {
                await elector.RunUntilLeadershipLostAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                LogElectionError(logger, e.Message);
            }
            SetLeading(false);
            await term.CancelAsync();
            await run.ContinueWith(_ => { }, CancellationToken.None);
            if (stoppingToken.IsCancellationRequested && led)
            {
                await ReleaseAsync(leaseLock, election.Identity);
            }
            if (!stoppingToken.IsCancellationRequested)
            {
                LogLost(logger, election.Identity);
                await Task.Delay(election.RetryPeriod, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Gives the lease up if this replica still holds it: an empty holder, which candidates may take at once
    /// (null would make them try to create the Lease, which exists). The update carries the resource version
    /// just read, so a lease another replica took meanwhile is left alone.
    /// </summary>
    private async Task ReleaseAsync(LeaseLock leaseLock, string identity)
    {
        try
        {
            using var timeout = new CancellationTokenSource(ReleaseTimeout);
            var record = await leaseLock.GetAsync(timeout.Token);
            if (record.HolderIdentity != identity)
            {
                return;
            }
            var now = DateTime.UtcNow;
            var released = await leaseLock.UpdateAsync(new LeaderElectionRecord
            {
                HolderIdentity = "",
                LeaseDurationSeconds = 1,
                AcquireTime = now,
                RenewTime = now,
                LeaderTransitions = record.LeaderTransitions,
            }, timeout.Token);
            if (released)
            {
                LogReleased(logger, identity);
            }
            else
            {
                LogReleaseFailed(logger, identity, "the Lease changed meanwhile");
            }
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            // Not fatal: standbys take over once the lease runs out, as after a crash.
            LogReleaseFailed(logger, identity, e.Message);
        }
    }

    private void SetLeading(bool leading)
    {
        _leading = leading;
        metrics.SetLeader(leading);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} leads: reconciling")]
    private static partial void LogLeading(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} lost the lease: stopped reconciling")]
    private static partial void LogLost(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} handed the lease back")]
    private static partial void LogReleased(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} could not hand the lease back ({Reason}); standbys wait for it to expire")]
    private static partial void LogReleaseFailed(ILogger logger, string identity, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "leader election: {Error}")]
    private static partial void LogElectionError(ILogger logger, string error);
}
