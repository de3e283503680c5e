using BroadcastOperator.Operator.Metrics;
using BroadcastOperator.Operator.Options;
using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.Operator.Runtime;

/// <summary>
/// Runs the controller only while this replica holds the Lease. A replica that stops renewing (it
/// died, or lost the API server) is replaced by a standby once the lease duration has passed.
/// </summary>
public sealed partial class LeaderElectedController(
    IKubernetes client,
    SessionController controller,
    IOptions<OperatorOptions> options,
    OperatorMetrics metrics,
    ILogger<LeaderElectedController> logger) : BackgroundService
{
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
            elector.OnStartedLeading += () =>
            {
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
            if (!stoppingToken.IsCancellationRequested)
            {
                LogLost(logger, election.Identity);
                await Task.Delay(election.RetryPeriod, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "leader election: {Error}")]
    private static partial void LogElectionError(ILogger logger, string error);
}
