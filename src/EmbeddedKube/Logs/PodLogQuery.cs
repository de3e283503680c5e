using System.Globalization;
using BroadcastOperator.EmbeddedKube.Api;
using Microsoft.AspNetCore.Http;

namespace BroadcastOperator.EmbeddedKube.Logs;

/// <summary>The query of <c>pods/{name}/log</c> (core/v1 PodLogOptions), as kubectl logs sends it.</summary>
public sealed record PodLogQuery(string? Container, bool Follow, bool Previous, bool Timestamps, long? TailLines, DateTimeOffset? Since, long? LimitBytes)
{
    public static PodLogQuery Parse(HttpRequest request, TimeProvider clock)
    {
        var sinceSeconds = QueryParameters.OptionalInt(request, "sinceSeconds");
        var sinceTimeText = QueryParameters.String(request, "sinceTime");
        if (sinceSeconds is not null && sinceTimeText is not null)
        {
            throw ApiException.BadRequest("at most one of sinceTime or sinceSeconds may be specified");
        }
        DateTimeOffset? since = sinceSeconds is { } seconds ? clock.GetUtcNow().AddSeconds(-seconds) : null;
        if (sinceTimeText is not null)
        {
            since = DateTimeOffset.TryParse(sinceTimeText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sinceTime)
                ? sinceTime
                : throw ApiException.BadRequest($"invalid value for query parameter sinceTime: \"{sinceTimeText}\" is not an RFC 3339 time");
        }
        var tail = QueryParameters.OptionalInt(request, "tailLines");
        var limit = QueryParameters.OptionalInt(request, "limitBytes");
        if (tail is < 0 || limit is < 1 || sinceSeconds is < 1)
        {
            throw ApiException.BadRequest("tailLines must be at least 0, limitBytes and sinceSeconds at least 1");
        }
        return new PodLogQuery(
            QueryParameters.String(request, "container"),
            QueryParameters.Bool(request, "follow"),
            QueryParameters.Bool(request, "previous"),
            QueryParameters.Bool(request, "timestamps"),
            tail,
            since,
            limit);
    }
}
