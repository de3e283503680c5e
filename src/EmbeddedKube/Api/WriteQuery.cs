using BroadcastOperator.EmbeddedKube.Storage;
using Microsoft.AspNetCore.Http;

namespace BroadcastOperator.EmbeddedKube.Api;

/// <summary>
/// The query of a write (meta/v1 CreateOptions, UpdateOptions, PatchOptions, DeleteOptions):
/// <c>dryRun</c>, <c>fieldManager</c> and <c>force</c>, checked as kube-apiserver checks them.
/// </summary>
public sealed record WriteQuery(bool DryRun, string Manager, bool Force)
{
    private const int MaxFieldManagerLength = 128;

    /// <param name="optionsKind">CreateOptions, UpdateOptions, PatchOptions or DeleteOptions: the kind a 422 names.</param>
    /// <param name="isApply">The request is a server-side apply patch, which must name its manager.</param>
    public static WriteQuery Parse(HttpRequest request, string optionsKind, bool isApply = false)
    {
        var dryRun = ParseDryRun(request);
        var force = QueryParameters.OptionalBool(request, "force");
        var given = QueryParameters.String(request, "fieldManager");
        var errors = new List<FieldError>();
        if (given is not null)
        {
            if (given.Length > MaxFieldManagerLength)
            {
                errors.Add(new FieldError("fieldManager", "FieldValueTooLong", $"Too long: may not be more than {MaxFieldManagerLength} bytes"));
            }
            if (given.Any(char.IsControl))
            {
                errors.Add(FieldError.InvalidValue("fieldManager", $"\"{given}\"", "must only contain printable characters"));
            }
        }
        else if (isApply)
        {
            errors.Add(new FieldError("fieldManager", "FieldValueRequired", "Required value: is required for apply patch"));
        }
        if (force is not null && !isApply)
        {
            errors.Add(FieldError.Forbidden("force", "may not be specified for non-apply patch"));
        }
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(optionsKind, "meta.k8s.io", "", errors);
        }
        return new WriteQuery(dryRun, given ?? ManagerFromUserAgent(request), force ?? false);
    }

    public WriteOptions ToWriteOptions(string operation, System.Text.Json.Nodes.JsonObject? appliedConfiguration = null) =>
        new(DryRun, new FieldOwner(Manager, operation, appliedConfiguration));

    /// <summary><c>dryRun=All</c> is the one value a real server knows; anything else is refused rather than ignored.</summary>
    private static bool ParseDryRun(HttpRequest request)
    {
        if (!request.Query.TryGetValue("dryRun", out var values))
        {
            return false;
        }
        foreach (var value in values)
        {
            if (value != "All")
            {
                throw ApiException.BadRequest($"Unsupported value: \"{value}\": supported values: \"All\" (query parameter dryRun)");
            }
        }
        return values.Count > 0;
    }

    /// <summary>Without a fieldManager, kube-apiserver names the manager after the client: the user agent up to its first '/'.</summary>
    private static string ManagerFromUserAgent(HttpRequest request)
    {
        var agent = request.Headers.UserAgent.ToString();
        var prefix = agent.Split('/')[0].Trim();
        return prefix.Length == 0 ? "unknown" : prefix[..Math.Min(prefix.Length, MaxFieldManagerLength)];
    }
}
