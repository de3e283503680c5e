using BroadcastOperator.SessionApi.Options;
using BroadcastOperator.Shared.Model;

namespace BroadcastOperator.SessionApi.Captions;

/// <summary>
/// Where SessionApi reads a session's captions: the worker's <c>/captions?language=xx</c> Server-Sent Events URL,
/// reached through the worker's Service (in a cluster) or the local runner's service proxy (<c>make run</c>).
/// Browsers never see this URL; they get a <see cref="CaptionLinks"/> link to SessionApi, which relays.
/// </summary>
public static class WorkerCaptionsUrls
{
    public static string For(BroadcastSession session, string language, SessionApiOptions options)
    {
        var service = session.Status?.Worker?.Service;
        var baseUrl = service switch
        {
            { Length: > 0 } when Uri.TryCreate(service, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" => service,
            { Length: > 0 } => Fill(options.WorkerServiceUrlTemplate, session).Replace("{service}", service, StringComparison.Ordinal),
            _ => Fill(options.CaptionsBaseUrl, session),
        };
        return $"{baseUrl.TrimEnd('/')}/captions?language={Uri.EscapeDataString(language)}";
    }

    private static string Fill(string template, BroadcastSession session) => template
        .Replace("{session}", session.Metadata.Name, StringComparison.Ordinal)
        .Replace("{namespace}", session.Metadata.NamespaceProperty ?? "default", StringComparison.Ordinal);
}
