using System.Text.RegularExpressions;
using BroadcastOperator.Deployment.Tests.Support;

namespace BroadcastOperator.Deployment.Tests;

/// <summary>Every setting the chart and the manifests pass to a service is one that service binds.</summary>
public sealed partial class ConfigurationTests
{
    [Fact]
    public void Chart_passes_only_settings_the_services_bind() => AssertBound(ChartSettings());

    [Fact]
    public void Chart_settings_are_all_seen_including_templated_list_items()
    {
        // Guards the extraction: an empty or partial list would let the binding check pass vacuously.
        var settings = ChartSettings().ToHashSet();
        Assert.Contains("Operator__LeaderElection__LeaseName", settings);
        Assert.Contains("Operator__ServedLanguagePairs__x", settings);
        Assert.Contains("Operator__Worker__Media__Mode", settings);
        Assert.Contains("Signaling__ScopedCredentialRootKey", settings);
        Assert.Contains("SessionApi__IceServers__x__Urls__0", settings);
    }

    private static IEnumerable<string> ChartSettings() =>
        ChartTemplates.TemplateFiles().SelectMany(f => EnvName().Matches(File.ReadAllText(f)).Select(m => Placeholder().Replace(m.Groups[1].Value, "x")));

    [SkippableFact]
    public void Manifests_pass_only_settings_the_services_bind() =>
        AssertBound(Kustomize.RenderDefault().Where(d => d.Text("kind") == "Deployment")
            .SelectMany(d => d.At("spec.template.spec.containers").Maps()).SelectMany(c => c.At("env").Maps())
            .Select(e => e.Text("name")!));

    /// <summary>
    /// Guards the check itself: the list of settings passed ahead of the code has emptied (every one is bound
    /// now), so nothing is exempt, and a misspelt or renamed setting must come out by name.
    /// </summary>
    [Fact]
    public void A_setting_no_service_binds_is_reported_by_name()
    {
        var unbound = UnboundSettings(["Operator__Workers", "Operator__Wokers", "Signaling__Prot", "POD_NAME"]);
        Assert.Equal(["Operator__Wokers", "Signaling__Prot"], unbound);
    }

    [Theory]
    [InlineData("Operator__LeaderElection__LeaseDuration", true)]
    [InlineData("Operator__ServedLanguagePairs__0", true)]
    [InlineData("SessionApi__IceServers__0__Urls__0", true)]
    [InlineData("Signaling__ScopedCredentialRootKey", true)]
    [InlineData("Operator__LeaderElection__LeaseDuraton", false)]
    [InlineData("Signaling__Prot", false)]
    [InlineData("POD_NAME", null)]
    public void A_variable_is_checked_against_the_options_classes(string variable, bool? bound) =>
        Assert.Equal(bound, OptionsModel.IsBound(variable));

    private static void AssertBound(IEnumerable<string> variables)
    {
        var unbound = UnboundSettings(variables);
        Assert.True(unbound.Count == 0, "settings no service binds (typo, or an option renamed in the code): " + string.Join(", ", unbound));
    }

    /// <summary>Settings shaped like a service's (Prefix__Name) that no options class binds; others (POD_NAME) are not ours to judge.</summary>
    private static List<string> UnboundSettings(IEnumerable<string> variables) =>
        variables.Distinct().Where(v => OptionsModel.IsBound(v) == false).Order(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"-\s+name:\s+([A-Za-z]+__[A-Za-z0-9_{}$. ]+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex EnvName();

    [GeneratedRegex(@"\{\{[^}]*\}\}")]
    private static partial Regex Placeholder();
}
