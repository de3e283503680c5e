using System.Globalization;

namespace BroadcastOperator.Aws;

/// <summary>The `date/region/service/aws4_request` part of a SigV4 credential.</summary>
public sealed record CredentialScope(string Date, string Region, string Service)
{
    public const string Terminator = "aws4_request";

    public override string ToString() => $"{Date}/{Region}/{Service}/{Terminator}";

    public static CredentialScope For(DateTimeOffset time, string region, string service) =>
        new(time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture), region, service);

    /// <summary>Parses `AKID/20150830/us-east-1/service/aws4_request` into the key id and the scope.</summary>
    public static bool TryParseCredential(string credential, out string accessKeyId, out CredentialScope scope)
    {
        accessKeyId = "";
        scope = new("", "", "");
        var parts = credential.Split('/');
        if (parts.Length != 5 || parts[4] != Terminator || parts[0].Length == 0 || parts[1].Length != 8
            || parts[2].Length == 0 || parts[3].Length == 0)
        {
            return false;
        }
        accessKeyId = parts[0];
        scope = new(parts[1], parts[2], parts[3]);
        return true;
    }
}
