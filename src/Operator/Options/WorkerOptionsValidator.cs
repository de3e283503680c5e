using BroadcastOperator.Operator.Reconcile;
using BroadcastOperator.Operator.Reconcile.Worker;
using BroadcastOperator.Shared.Worker;

namespace BroadcastOperator.Operator.Options;

/// <summary>The worker pod settings that cannot work, each naming the setting to change.</summary>
public static class WorkerOptionsValidator
{
    public static IEnumerable<string> Validate(WorkerOptions worker)
    {
        if (worker.ServiceAccountName is { Length: > 0 } account && !IsDnsSubdomain(account.Trim()))
        {
            yield return $"Operator:Worker:ServiceAccountName '{account}' is not a valid ServiceAccount name.";
        }
        var volume = worker.ArchiveVolume;
        if (volume.Mode is not (ArchiveVolumeOptions.None or ArchiveVolumeOptions.Shared or ArchiveVolumeOptions.PerSession))
        {
            yield return $"Operator:Worker:ArchiveVolume:Mode '{volume.Mode}' must be none, shared or perSession.";
        }
        if (volume.Mode == ArchiveVolumeOptions.Shared && string.IsNullOrWhiteSpace(volume.ClaimName))
        {
            yield return "Operator:Worker:ArchiveVolume:ClaimName must name the shared claim when Mode is shared.";
        }
        if (volume.Mode == ArchiveVolumeOptions.PerSession && !BroadcastOperator.Operator.Reconcile.Worker.ResourceQuantities.IsValid(volume.Size.Trim()))
        {
            yield return $"Operator:Worker:ArchiveVolume:Size '{volume.Size}' is not a Kubernetes quantity (e.g. 1Gi).";
        }
        if (worker.ArchiveGracePeriod <= TimeSpan.Zero || worker.ArchiveGracePeriod > TimeSpan.FromHours(1))
        {
            yield return $"Operator:Worker:ArchiveGracePeriod '{worker.ArchiveGracePeriod}' must be above 0 and at most 01:00:00.";
        }
        if (worker.ArchiveS3.Bucket.Length > 0 && worker.ArchiveS3.ServerSideEncryption is not ("AES256" or "aws:kms"))
        {
            yield return $"Operator:Worker:ArchiveS3:ServerSideEncryption '{worker.ArchiveS3.ServerSideEncryption}' is not AES256 or aws:kms.";
        }
        foreach (var (name, value) in worker.AudioQuality)
        {
            var threshold = AudioQualityThresholds.All.FirstOrDefault(t => t.Setting == name);
            if (threshold is null)
            {
                yield return $"Operator:Worker:AudioQuality:{name} is not a quality threshold ({string.Join(", ", AudioQualityThresholds.All.Select(t => t.Setting))}).";
            }
            else if (threshold.Check($"Operator:Worker:AudioQuality:{name}", value) is { } error)
            {
                yield return error + ".";
            }
        }
        foreach (var error in ValidateResources(worker.Resources))
        {
            yield return error;
        }
        foreach (var error in ValidateMedia(worker.Media))
        {
            yield return error;
        }
    }

    private static IEnumerable<string> ValidateResources(WorkerResourceOptions resources)
    {
        var amounts = new (string Setting, string Value)[]
        {
            ("Requests:Cpu", resources.Requests.Cpu), ("Requests:Memory", resources.Requests.Memory),
            ("Limits:Cpu", resources.Limits.Cpu), ("Limits:Memory", resources.Limits.Memory),
        };
        var allValid = true;
        foreach (var (setting, value) in amounts.Where(a => a.Value.Trim().Length > 0 && !ResourceQuantities.IsValid(a.Value.Trim())))
        {
            allValid = false;
            yield return $"Operator:Worker:Resources:{setting} '{value}' is not a Kubernetes quantity (e.g. 500m, 2, 256Mi, 1Gi).";
        }
        if (!allValid)
        {
            yield break;
        }
        if (ResourceQuantities.RequestExceedsLimit(resources.Requests.Cpu.Trim(), resources.Limits.Cpu.Trim()))
        {
            yield return "Operator:Worker:Resources:Requests:Cpu is above Operator:Worker:Resources:Limits:Cpu.";
        }
        if (ResourceQuantities.RequestExceedsLimit(resources.Requests.Memory.Trim(), resources.Limits.Memory.Trim()))
        {
            yield return "Operator:Worker:Resources:Requests:Memory is above Operator:Worker:Resources:Limits:Memory.";
        }
    }

    private static IEnumerable<string> ValidateMedia(WorkerMediaOptions media)
    {
        if (!WorkerMediaModes.TryParse(media.Mode, out var mode))
        {
            yield return $"Operator:Worker:Media:Mode '{media.Mode}' is not one of {WorkerMediaModes.Names} (or empty for local processes).";
            yield break;
        }
        var needsServicePort = mode is WorkerMediaMode.NodePort or WorkerMediaMode.LoadBalancer;
        if (media.Port is < 0 or > 65535 || (needsServicePort && media.Port == 0))
        {
            yield return needsServicePort
                ? $"Operator:Worker:Media:Port must be a UDP port (1-65535) in {media.Mode} mode: the media Service targets it."
                : "Operator:Worker:Media:Port must be a UDP port (0 = any free port).";
        }
        if (media.NodeAddress is { Length: > 0 } address && Uri.CheckHostName(address.Trim()) == UriHostNameType.Unknown)
        {
            yield return $"Operator:Worker:Media:NodeAddress '{address}' is neither an IP address nor a DNS name.";
        }
        var names = media.ServiceAnnotations.Select(a => a.Name.Trim()).ToList();
        if (names.Any(n => n.Length == 0) || names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            yield return "Operator:Worker:Media:ServiceAnnotations entries need a Name each, and no Name twice.";
        }
        if (mode == WorkerMediaMode.Turn && media.Turn.Urls.Count == 0)
        {
            yield return "Operator:Worker:Media:Turn:Urls needs at least one turn: URL in turn mode: browsers reach workers only through it.";
        }
        foreach (var url in media.Turn.Urls.Where(u => !u.StartsWith("turn:", StringComparison.OrdinalIgnoreCase) && !u.StartsWith("turns:", StringComparison.OrdinalIgnoreCase)))
        {
            yield return $"Operator:Worker:Media:Turn:Urls entry '{url}' is not a turn: or turns: URL.";
        }
    }

    private static bool IsDnsSubdomain(string name) =>
        name.Length <= 253 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.')
        && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1]);
}
