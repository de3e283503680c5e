using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace BroadcastOperator.SessionApi.Auth;

/// <summary>Who is calling: the JWT subject and roles, or an anonymous listener.</summary>
public sealed record CallerIdentity(string? Subject, IReadOnlySet<string> Roles)
{
    public bool IsAuthenticated => Subject is not null;

    public bool IsAdmin => Roles.Contains(Auth.Roles.Admin);

    public bool MayCreateSessions => Roles.Contains(Auth.Roles.Speaker) || IsAdmin;

    public static CallerIdentity From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || user.FindFirst("sub")?.Value is not { Length: > 0 } subject)
        {
            return new CallerIdentity(null, new HashSet<string>());
        }
        // `role` or `roles`, each either repeated claims (JSON arrays) or one space/comma separated string.
        var roles = user.Claims.Where(c => c.Type is "role" or "roles")
            .SelectMany(c => c.Value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToHashSet(StringComparer.Ordinal);
        return new CallerIdentity(subject, roles);
    }

    /// <summary>A stable, non-reversible handle on a subject: label values and client ids must not leak it.</summary>
    public static string HashOf(string subject) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(subject)));
}
