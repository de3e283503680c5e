using BroadcastOperator.Operator.Reconcile;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.Operator.Options;

/// <summary>Refuses to start with settings that cannot work, naming the setting to change.</summary>
public sealed class OperatorOptionsValidator : IValidateOptions<OperatorOptions>
{
    public ValidateOptionsResult Validate(string? name, OperatorOptions options)
    {
        var errors = new List<string>();
        if (options.Workers is < 1 or > 64)
        {
            errors.Add("Operator:Workers must be between 1 and 64.");
        }
        if (options.BackoffBase <= TimeSpan.Zero || options.BackoffMax < options.BackoffBase)
        {
            errors.Add("Operator:BackoffBase must be positive and not above Operator:BackoffMax.");
        }
        if (options.ResyncPeriod < TimeSpan.FromMilliseconds(100))
        {
            errors.Add("Operator:ResyncPeriod must be at least 100 ms.");
        }
        if (options.WatchTimeout < TimeSpan.FromSeconds(1))
        {
            errors.Add("Operator:WatchTimeout must be at least 1 s.");
        }
        var election = options.LeaderElection;
        if (election.Enabled && !(election.RetryPeriod > TimeSpan.Zero && election.RetryPeriod < election.RenewDeadline && election.RenewDeadline < election.LeaseDuration))
        {
            errors.Add("Operator:LeaderElection needs 0 < RetryPeriod < RenewDeadline < LeaseDuration.");
        }
        if (string.IsNullOrWhiteSpace(election.LeaseName) || string.IsNullOrWhiteSpace(election.LeaseNamespace) || string.IsNullOrWhiteSpace(election.Identity))
        {
            errors.Add("Operator:LeaderElection LeaseName, LeaseNamespace and Identity must be set.");
        }
        foreach (var pair in options.EffectiveServedLanguagePairs)
        {
            if (!LanguagePairs.TryParse(pair, out _))
            {
                errors.Add($"Operator:ServedLanguagePairs entry '{pair}' is not of the form source->target (e.g. en->es).");
            }
        }
        if (options.Embedded.Endpoint is { IsAbsoluteUri: false } or { Scheme: not ("https" or "http") })
        {
            errors.Add("Operator:Embedded:Endpoint must be an absolute http(s) URL.");
        }
        if (options.Worker.HttpPort is < 1 or > 65535)
        {
            errors.Add("Operator:Worker:HttpPort must be a TCP port.");
        }
        if (!Path.IsPathFullyQualified(options.Worker.ArchiveDirectory ?? ""))
        {
            errors.Add("Operator:Worker:ArchiveDirectory must be an absolute path.");
        }
        errors.AddRange(WorkerOptionsValidator.Validate(options.Worker));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
