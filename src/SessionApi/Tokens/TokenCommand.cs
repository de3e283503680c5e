using BroadcastOperator.SessionApi.Auth;
using BroadcastOperator.SessionApi.Options;

namespace BroadcastOperator.SessionApi.Tokens;

/// <summary>
/// `SessionApi token --sub alice --role speaker [--role admin] [--ttl 3600]`: prints a JWT signed with the same key
/// and settings the service reads (appsettings, `Auth__…` environment), so the running service accepts it.
/// </summary>
public static class TokenCommand
{
    public const string Name = "token";

    public static int Run(string[] args)
    {
        string? subject = null;
        var roles = new List<string>();
        var lifetime = TimeSpan.FromHours(12);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--sub" when value is not null: subject = value; i++; break;
                case "--role" when value is not null: roles.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries)); i++; break;
                case "--ttl" when int.TryParse(value, out var seconds) && seconds > 0: lifetime = TimeSpan.FromSeconds(seconds); i++; break;
                default: return Usage($"unexpected argument '{args[i]}'");
            }
        }
        if (string.IsNullOrWhiteSpace(subject))
        {
            return Usage("--sub is required");
        }
        if (roles.Count == 0 || roles.Any(r => !Roles.All.Contains(r)))
        {
            return Usage($"--role must be one of {string.Join(", ", Roles.All)}");
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        try
        {
            var keys = JwtKeyMaterial.Load(options, Directory.GetCurrentDirectory());
            Console.Out.WriteLine(DevelopmentTokens.Create(options, keys, subject, roles, lifetime));
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"token: {e.Message}");
            return 1;
        }
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"token: {problem}");
        Console.Error.WriteLine("usage: SessionApi token --sub SUBJECT --role speaker|listener|admin [--ttl SECONDS]");
        return 2;
    }
}
