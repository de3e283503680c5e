using BroadcastOperator.Aws;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Signaling.Metrics;
using Microsoft.AspNetCore.Http.Features;

namespace BroadcastOperator.Signaling.Auth;

/// <summary>Verifies the SigV4 signature of an ASP.NET Core request, in header or presigned-query form.</summary>
public sealed class RequestAuthenticator(SigV4Verifier verifier, TimeProvider time, SignalingMetrics metrics,
    ILogger<RequestAuthenticator> logger)
{
    /// <param name="role">The role a data-plane client asks for (null on the control plane), for the metrics.</param>
    public SigV4VerificationResult Authenticate(HttpContext context, ReadOnlySpan<byte> body, ChannelRole? role = null)
    {
        var result = verifier.Verify(ToSigV4Request(context, body), time.GetUtcNow());
        if (!result.Succeeded)
        {
            metrics.Reject("auth_" + result.Failure.ToString().ToLowerInvariant(), role);
            Hosting.SignalingLog.Refused(logger, result.Failure.ToString(), result.Detail);
        }
        return result;
    }

    public static SigV4Request ToSigV4Request(HttpContext context, ReadOnlySpan<byte> body)
    {
        var request = context.Request;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var path = string.IsNullOrEmpty(rawTarget) ? (request.PathBase + request.Path).ToString() : rawTarget.Split('?', 2)[0];
        var headers = new List<KeyValuePair<string, string>> { new("host", request.Host.Value ?? "") };
        foreach (var (name, values) in request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.StartsWith(':'))
            {
                continue;
            }
            foreach (var value in values)
            {
                headers.Add(new(name, value ?? ""));
            }
        }
        // A presigned WSS URL is signed for the GET of an HTTP/1.1 Upgrade; over HTTP/2 (RFC 8441) the same URL
        // arrives as an extended CONNECT, and it is the same WebSocket handshake.
        var method = HttpMethods.IsConnect(request.Method) && context.WebSockets.IsWebSocketRequest ? HttpMethods.Get : request.Method;
        return new SigV4Request(method, path.Length == 0 ? "/" : path,
            SigV4Request.ParseQueryString(request.QueryString.Value), headers, SigV4Algorithm.Sha256Hex(body));
    }
}
