using BroadcastOperator.Shared.Aws;
using BroadcastOperator.Signaling.Metrics;
using Microsoft.AspNetCore.Http.Features;

namespace BroadcastOperator.Signaling.Auth;

/// <summary>Verifies the SigV4 signature of an ASP.NET Core request, in header or presigned-query form.</summary>
public sealed class RequestAuthenticator(SigV4Verifier verifier, TimeProvider time, SignalingMetrics metrics,
    ILogger<RequestAuthenticator> logger)
{
    public SigV4VerificationResult Authenticate(HttpContext context, ReadOnlySpan<byte> body)
    {
        var result = verifier.Verify(ToSigV4Request(context, body), time.GetUtcNow());
        if (!result.Succeeded)
        {
            metrics.Reject("auth_" + result.Failure.ToString().ToLowerInvariant());
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
        return new SigV4Request(request.Method, path.Length == 0 ? "/" : path,
            SigV4Request.ParseQueryString(request.QueryString.Value), headers, SigV4Algorithm.Sha256Hex(body));
    }
}
