using BroadcastOperator.SessionApi.Options;
using BroadcastOperator.Shared.Model;

namespace BroadcastOperator.SessionApi.Credentials;

/// <summary>The worker's `/captions?language=xx` Server-Sent Events URL for a session.</summary>
public static class CaptionsUrls
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
