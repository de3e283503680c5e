using BroadcastOperator.Shared.Model;
using BroadcastOperator.Shared.Serialization;

namespace BroadcastOperator.CrdGen;

/// <summary>Every generated CRD file: name and YAML text. The drift test renders the same list.</summary>
public static class CrdFiles
{
    private const string Header = "# Generated from src/Shared/Model by `make crds`. Do not edit by hand.\n";

    public static IReadOnlyList<(string FileName, string Yaml)> Render() =>
    [
        (BroadcastSessionCrd.FileName, Header + YamlText.Write(BroadcastSessionCrd.Build())),
    ];
}
