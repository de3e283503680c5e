using BroadcastOperator.SessionApi.Options;

namespace BroadcastOperator.SessionApi.Captions;

/// <summary>The captions URL handed to clients: SessionApi's own relay route with a ticket.</summary>
public static class CaptionLinks
{
    public static string For(HttpRequest request, SessionApiOptions options, string session, string language, CaptionTicket ticket)
    {
        var publicBase = options.PublicBaseUrl.Length > 0
            ? options.PublicBaseUrl.TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}";
        return $"{publicBase}/sessions/{Uri.EscapeDataString(session)}/captions?language={Uri.EscapeDataString(language)}"
            + $"&expires={ticket.Expires}&ticket={ticket.Signature}";
    }
}
