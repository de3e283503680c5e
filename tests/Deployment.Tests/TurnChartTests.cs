using BroadcastOperator.Deployment.Tests.Support;

namespace BroadcastOperator.Deployment.Tests;

/// <summary>The chart's TURN server checks minted credentials (TURN REST scheme), and no static TURN credential is left.</summary>
public sealed class TurnChartTests
{
    private static readonly string TurnTemplate = Path.Combine(ChartTemplates.ChartDirectory, "templates", "turn-deployment.yaml");

    [Fact]
    public void Coturn_checks_rest_credentials_with_the_shared_secret_from_the_credentials_secret()
    {
        var deployment = ChartTemplates.LiteralDocuments(TurnTemplate).Single(d => d.Text("kind") == "Deployment");
        var container = deployment.At("spec.template.spec.containers").Maps().Single();
        var args = container.At("args").Strings().ToList();
        var secret = container.At("env").Maps().Single(e => e.Text("name") == "TURN_SHARED_SECRET");

        Assert.Contains("--use-auth-secret", args);
        Assert.Contains("--static-auth-secret=$(TURN_SHARED_SECRET)", args);
        Assert.Equal("turn-shared-secret", secret.Text("valueFrom.secretKeyRef.key"));
        Assert.DoesNotContain(args, a => a.StartsWith("--user=", StringComparison.Ordinal) || a == "--lt-cred-mech");
    }

    [Fact]
    public void Services_get_the_turn_shared_secret_and_no_template_passes_a_static_turn_username_or_credential()
    {
        var templates = ChartTemplates.TemplateFiles().ToDictionary(f => Path.GetFileName(f), File.ReadAllText);

        Assert.Contains("SessionApi__Turn__SharedSecret", templates["sessionapi-deployment.yaml"], StringComparison.Ordinal);
        Assert.Contains("Signaling__Turn__SharedSecret", templates["signaling-deployment.yaml"], StringComparison.Ordinal);
        Assert.Contains("turn-shared-secret", templates["credentials-secret.yaml"], StringComparison.Ordinal);
        foreach (var (name, text) in templates)
        {
            foreach (var stale in new[] { "turn-credential", "Turn__Username", "Turn__Credential", "Turn__Password", "worker.media.turn" })
            {
                Assert.False(text.Contains(stale, StringComparison.Ordinal), $"{name} still passes '{stale}': TURN credentials are minted, never static");
            }
            Assert.DoesNotMatch(@"IceServers__[^\s]*__(Username|Password|Credential)", text);
        }
    }
}
