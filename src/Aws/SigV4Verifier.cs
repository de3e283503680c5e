using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BroadcastOperator.Aws;

/// <summary>
/// Verifies SigV4-authenticated requests in both forms: the Authorization header and the presigned
/// query (X-Amz-Algorithm/Credential/Date/Expires/SignedHeaders/Signature/Security-Token, read by
/// name). The signature is recomputed from the resolver's secret and compared in fixed time.
/// </summary>
public sealed class SigV4Verifier(ISigV4CredentialResolver resolver, string region, string service)
{
    /// <summary>How far a request's clock may be from ours, as AWS allows.</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(15);

    /// <summary>The longest validity a presigned URL may claim (seven days, as AWS).</summary>
    public const int MaxExpiresSeconds = 604_800;

    public SigV4VerificationResult Verify(SigV4Request request, DateTimeOffset now)
    {
        if (request.Header("Authorization") is { } authorization)
        {
            return VerifyHeaderForm(request, authorization, now);
        }
        if (request.QueryValue("X-Amz-Signature") is not null || request.QueryValue("X-Amz-Credential") is not null)
        {
            return VerifyQueryForm(request, now);
        }
        return SigV4VerificationResult.Fail(SigV4Failure.MissingAuthentication, "Request is missing Authentication Token");
    }

    private SigV4VerificationResult VerifyHeaderForm(SigV4Request request, string authorization, DateTimeOffset now)
    {
        if (!TryParseAuthorization(authorization, out var credential, out var signedHeadersText, out var signature))
        {
            return SigV4VerificationResult.Fail(SigV4Failure.MalformedAuthentication, "Authorization header is malformed");
        }
        var amzDate = request.Header("X-Amz-Date");
        if (!SigV4Algorithm.TryParseDateTime(amzDate, out var signedAt))
        {
            return SigV4VerificationResult.Fail(SigV4Failure.MalformedAuthentication, "X-Amz-Date is missing or malformed");
        }
        if ((now - signedAt).Duration() > AllowedClockSkew)
        {
            return SigV4VerificationResult.Fail(SigV4Failure.RequestExpired, "Signature expired: request time is too far from the server time");
        }
        return Check(request, credential, signedHeadersText, signature, amzDate!, request.Header("X-Amz-Security-Token"),
            excludedQueryParameter: null, now);
    }

    private static readonly string[] QueryAuthParameters =
        ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token"];

    private SigV4VerificationResult VerifyQueryForm(SigV4Request request, DateTimeOffset now)
    {
        // One value each: with two, which one was signed and which one is read would be up to the reader (found by fuzzing).
        if (QueryAuthParameters.FirstOrDefault(name => request.Query.Count(p => p.Key == name) > 1) is { } repeated)
        {
            return SigV4VerificationResult.Fail(SigV4Failure.MalformedAuthentication, $"{repeated} is given more than once");
        }
        if (request.QueryValue("X-Amz-Algorithm") != SigV4Algorithm.Algorithm)
        {
            return SigV4VerificationResult.Fail(SigV4Failure.MalformedAuthentication, "X-Amz-Algorithm must be AWS4-HMAC-SHA256");
        }
        var credential = request.QueryValue("X-Amz-Credential");
        var signedHeaders = request.QueryValue("X-Amz-SignedHeaders");
        var signature = request.QueryValue("X-Amz-Signature");
        var amzDate = request.QueryValue("X-Amz-Date");
        var expiresText = request.QueryValue("X-Amz-Expires");
        if (credential is null || signedHeaders is null || signature is null || amzDate is null)
        {
            return SigV4VerificationResult.Fail(SigV4Failure.MalformedAuthentication, "Presigned URL is missing an X-Amz parameter");
        }
        if (!SigV4Algorithm.TryParseDateTime(amzDate, out var signedAt))
        {
            return SigV4VerificationResult.Fail(SigV4Failure.MalformedAuthentication, "X-Amz-Date is malformed");
        }
        if (!int.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || expires < 1 || expires > MaxExpiresSeconds)
        {
            return SigV4VerificationResult.Fail(SigV4Failure.MalformedAuthentication, "X-Amz-Expires must be 1..604800");
        }
        if (signedAt - now > AllowedClockSkew)
        {
            return SigV4VerificationResult.Fail(SigV4Failure.RequestExpired, "Presigned URL is dated in the future");
        }
        if (now > signedAt.AddSeconds(expires))
        {
            return SigV4VerificationResult.Fail(SigV4Failure.RequestExpired, "Presigned URL has expired");
        }
        return Check(request, credential, signedHeaders, signature, amzDate, request.QueryValue("X-Amz-Security-Token"),
            excludedQueryParameter: "X-Amz-Signature", now);
    }

    private SigV4VerificationResult Check(SigV4Request request, string credential, string signedHeadersText,
        string signature, string amzDate, string? sessionToken, string? excludedQueryParameter, DateTimeOffset now)
    {
        if (!CredentialScope.TryParseCredential(credential, out var accessKeyId, out var scope))
        {
            return SigV4VerificationResult.Fail(SigV4Failure.MalformedAuthentication, "Credential is malformed");
        }
        if (!amzDate.StartsWith(scope.Date, StringComparison.Ordinal))
        {
            return SigV4VerificationResult.Fail(SigV4Failure.WrongScope, "Credential date does not match X-Amz-Date");
        }
        if (!string.Equals(scope.Service, service, StringComparison.Ordinal)
            || !string.Equals(scope.Region, region, StringComparison.Ordinal))
        {
            return SigV4VerificationResult.Fail(SigV4Failure.WrongScope,
                $"Credential should be scoped to region '{region}' and service '{service}'");
        }
        var signedHeaders = signedHeadersText.Split(';');
        if (!signedHeaders.Contains("host") || signedHeaders.Any(h => h.Length == 0 || h != h.ToLowerInvariant())
            || !signedHeaders.SequenceEqual(signedHeaders.Order(StringComparer.Ordinal)))
        {
            return SigV4VerificationResult.Fail(SigV4Failure.MalformedAuthentication, "SignedHeaders must be sorted, lower case and include host");
        }
        var resolution = resolver.Resolve(accessKeyId, sessionToken, now);
        if (resolution.Failure != SigV4Failure.None || resolution.SecretAccessKey is null || resolution.Principal is null)
        {
            return SigV4VerificationResult.Fail(
                resolution.Failure == SigV4Failure.None ? SigV4Failure.UnknownAccessKey : resolution.Failure,
                resolution.Detail ?? "The security token included in the request is invalid");
        }
        var canonical = SigV4Algorithm.CanonicalRequest(request, signedHeaders, excludedQueryParameter);
        var expected = SigV4Algorithm.Signature(resolution.SecretAccessKey, scope,
            SigV4Algorithm.StringToSign(amzDate, scope, canonical));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            return SigV4VerificationResult.Fail(SigV4Failure.SignatureMismatch,
                "The request signature we calculated does not match the signature you provided");
        }
        return SigV4VerificationResult.Success(resolution.Principal, accessKeyId);
    }

    /// <summary>Reads `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` by name.</summary>
    private static bool TryParseAuthorization(string header, out string credential, out string signedHeaders, out string signature)
    {
        credential = signedHeaders = signature = "";
        if (!header.StartsWith(SigV4Algorithm.Algorithm + " ", StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var part in header[(SigV4Algorithm.Algorithm.Length + 1)..].Split(','))
        {
            var item = part.Trim();
            var equals = item.IndexOf('=');
            if (equals <= 0)
            {
                return false;
            }
            var value = item[(equals + 1)..];
            // A component given twice or unknown is refused rather than read last-wins or skipped (found by fuzzing).
            switch (item[..equals])
            {
                case "Credential" when credential.Length == 0: credential = value; break;
                case "SignedHeaders" when signedHeaders.Length == 0: signedHeaders = value; break;
                case "Signature" when signature.Length == 0: signature = value; break;
                default: return false; // repeated, or not a component of this header
            }
        }
        return credential.Length > 0 && signedHeaders.Length > 0 && signature.Length > 0;
    }
}
