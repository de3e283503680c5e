using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace BroadcastOperator.EmbeddedKube.Api;

/// <summary>
/// The query of a list or watch (meta/v1 ListOptions), parsed and checked with kube-apiserver's
/// rules: a bad value is a 400, a combination it forbids is a 422 on <c>ListOptions.meta.k8s.io</c>.
/// </summary>
public sealed record ListOptions
{
    public const string NotOlderThan = "NotOlderThan";
    public const string Exact = "Exact";
    private const long DefaultWatchTimeoutSeconds = 1800;

    public bool Watch { get; init; }
    public bool AllowWatchBookmarks { get; init; }
    public long? TimeoutSeconds { get; init; }
    public string? ResourceVersion { get; init; }
    public string? ResourceVersionMatch { get; init; }
    public bool? SendInitialEvents { get; init; }
    public int? Limit { get; init; }
    public string? Continue { get; init; }

    /// <summary>How long a watch runs before the server ends it; a client re-watches from its last resourceVersion.</summary>
    public TimeSpan WatchTimeout => TimeSpan.FromSeconds(TimeoutSeconds is > 0 ? TimeoutSeconds.Value : DefaultWatchTimeoutSeconds);

    /// <summary>The resourceVersion as a number, null when absent or "0" (both mean "any": start from the current state).</summary>
    public long? ResourceVersionNumber =>
        long.TryParse(ResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var rv) && rv > 0 ? rv : null;

    public static ListOptions Parse(HttpRequest request)
    {
        var limit = QueryParameters.OptionalInt(request, "limit");
        var options = new ListOptions
        {
            Watch = QueryParameters.Bool(request, "watch"),
            AllowWatchBookmarks = QueryParameters.Bool(request, "allowWatchBookmarks"),
            TimeoutSeconds = QueryParameters.OptionalInt(request, "timeoutSeconds"),
            ResourceVersion = NullIfEmpty(QueryParameters.String(request, "resourceVersion")),
            ResourceVersionMatch = NullIfEmpty(QueryParameters.String(request, "resourceVersionMatch")),
            SendInitialEvents = QueryParameters.OptionalBool(request, "sendInitialEvents"),
            Limit = limit is > 0 ? (int)Math.Min(limit.Value, int.MaxValue) : null,
            Continue = NullIfEmpty(QueryParameters.String(request, "continue")),
        };
        if (options.ResourceVersion is { } rv && !long.TryParse(rv, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw ApiException.BadRequest($"invalid resource version \"{rv}\"");
        }
        var errors = options.Watch ? options.WatchErrors() : options.ListErrors();
        if (errors.Count > 0)
        {
            throw ApiException.Invalid("ListOptions", "meta.k8s.io", "", errors);
        }
        return options;
    }

    private List<FieldError> ListErrors()
    {
        var errors = new List<FieldError>();
        if (ResourceVersionMatch is { } match)
        {
            if (ResourceVersion is null)
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"));
            }
            if (Continue is not null)
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
            }
            if (match is not (Exact or NotOlderThan))
            {
                errors.Add(FieldError.Unsupported("resourceVersionMatch", $"\"{match}\"", [$"\"{Exact}\"", $"\"{NotOlderThan}\"", "\"\""]));
            }
            if (match == Exact && ResourceVersion == "0")
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
            }
        }
        if (SendInitialEvents is not null)
        {
            errors.Add(FieldError.Forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
        }
        return errors;
    }

    private List<FieldError> WatchErrors()
    {
        var errors = new List<FieldError>();
        if (SendInitialEvents is not null && ResourceVersionMatch != NotOlderThan)
        {
            errors.Add(FieldError.Forbidden("resourceVersionMatch", $"sendInitialEvents requires setting resourceVersionMatch to {NotOlderThan}"));
        }
        if (SendInitialEvents == true && !AllowWatchBookmarks)
        {
            // The end of the initial events is told by a bookmark; without bookmarks the client could never know it.
            errors.Add(FieldError.Forbidden("allowWatchBookmarks", "allowWatchBookmarks must be true when sendInitialEvents is true"));
        }
        if (ResourceVersionMatch is { } match)
        {
            if (SendInitialEvents is null)
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
            }
            if (match != NotOlderThan)
            {
                errors.Add(FieldError.Unsupported("resourceVersionMatch", $"\"{match}\"", [$"\"{NotOlderThan}\""]));
            }
            if (Continue is not null)
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
            }
        }
        return errors;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
