using System.Text.RegularExpressions;
using BroadcastOperator.Deployment.Tests.Support;

namespace BroadcastOperator.Deployment.Tests;

/// <summary>Every setting the chart and the manifests pass to a service is one that service binds.</summary>
public sealed partial class ConfigurationTests
{
    /// <summary>
    /// Settings the deployment passes ahead of the code (the operator's worker pod options). Listed so the
    /// gap is visible; the test fails once one of them is bound, so the list only ever shrinks.
    /// </summary>
    private static readonly HashSet<string> AheadOfTheCode = [];

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

    [Fact]
    public void Settings_listed_as_ahead_of_the_code_are_still_unbound()
    {
        var nowBound = AheadOfTheCode.Where(v => OptionsModel.IsBound(v) == true).ToList();
        Assert.True(nowBound.Count == 0, "now bound by the code, remove from AheadOfTheCode: " + string.Join(", ", nowBound));
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
        var unbound = variables.Distinct().Where(v => OptionsModel.IsBound(v) == false && !AheadOfTheCode.Contains(v)).Order().ToList();
        Assert.True(unbound.Count == 0, "settings no service binds (typo, or an option renamed in the code): " + string.Join(", ", unbound));
    }

    [GeneratedRegex(@"-\s+name:\s+([A-Za-z]+__[A-Za-z0-9_{}$. ]+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex EnvName();

    [GeneratedRegex(@"\{\{[^}]*\}\}")]
    private static partial Regex Placeholder();
}
