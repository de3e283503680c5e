using System.Text.Json.Nodes;
using BroadcastOperator.CrdGen;
using BroadcastOperator.EmbeddedKube.Api;
using BroadcastOperator.EmbeddedKube.Schema;
using BroadcastOperator.Shared.Model;
using k8s;
using k8s.Models;

namespace BroadcastOperator.Shared.Tests;

public sealed class CrdTests
{
    private static readonly string CrdDirectory = Path.Combine(Repository.Root, "config", "crds");
    private static readonly string SampleDirectory = Path.Combine(Repository.Root, "config", "samples");

    [Fact]
    public void Committed_crds_match_what_make_crds_generates_from_the_model()
    {
        foreach (var (fileName, yaml) in CrdFiles.Render())
        {
            var path = Path.Combine(CrdDirectory, fileName);
            Assert.True(File.Exists(path), $"{path} is missing: run `make crds`");
            Assert.True(yaml == File.ReadAllText(path), $"{fileName} drifted from the C# model: run `make crds` and commit the result");
        }
        var generated = CrdFiles.Render().Select(f => f.FileName).ToHashSet();
        Assert.All(Directory.GetFiles(CrdDirectory, "*.yaml"), f => Assert.Contains(Path.GetFileName(f), generated));
    }

    [Fact]
    public void Generated_yaml_parses_back_to_the_same_crd()
    {
        var yaml = CrdFiles.Render().Single().Yaml;
        var parsed = RequestBody.ParseYaml(System.Text.Encoding.UTF8.GetBytes(yaml));
        Assert.True(JsonNode.DeepEquals(BroadcastSessionCrd.Build(), parsed));
    }

    [Fact]
    public void Crd_declares_names_status_subresource_and_printer_columns()
    {
        var crd = BroadcastSessionCrd.Build();
        var spec = crd["spec"]!;
        Assert.Equal("broadcast.dev", spec["group"]!.GetValue<string>());
        Assert.Equal("bcs", spec["names"]!["shortNames"]![0]!.GetValue<string>());
        Assert.Equal("Namespaced", spec["scope"]!.GetValue<string>());
        var version = spec["versions"]![0]!;
        Assert.Equal("v1alpha1", version["name"]!.GetValue<string>());
        Assert.NotNull(version["subresources"]!["status"]);
        Assert.Equal(["Phase", "Source", "Targets", "Listeners", "Age"],
            version["additionalPrinterColumns"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
    }

    public static TheoryData<string> Samples() => [.. Directory.GetFiles(SampleDirectory, "*.yaml").Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sample_is_valid_against_the_generated_schema(string fileName)
    {
        var sample = (JsonObject)RequestBody.ParseYaml(File.ReadAllBytes(Path.Combine(SampleDirectory, fileName)));
        Assert.Equal(BroadcastSession.ApiVersionString, sample["apiVersion"]!.GetValue<string>());
        Assert.Equal(BroadcastSession.KindName, sample["kind"]!.GetValue<string>());
        Assert.Empty(Schema().Apply(sample));

        var typed = KubernetesJson.Deserialize<BroadcastSession>(sample.ToJsonString());
        Assert.NotEmpty(typed.Spec.TargetLanguages);
    }

    [Fact]
    public void Samples_cover_a_minimal_and_a_multi_language_session_with_voices()
    {
        var sessions = Directory.GetFiles(SampleDirectory, "*.yaml")
            .Select(f => KubernetesJson.Deserialize<BroadcastSession>(RequestBody.ParseYaml(File.ReadAllBytes(f)).ToJsonString()))
            .ToList();
        Assert.Contains(sessions, s => s.Spec.TargetLanguages.Count == 1 && s.Spec.Voices is null);
        Assert.Contains(sessions, s => s.Spec.TargetLanguages.Count > 1 && s.Spec.Voices is { Count: > 0 });
    }

    [Theory]
    [InlineData("""{"speakerId":"a","sourceLanguage":"english","targetLanguages":["es"]}""", "spec.sourceLanguage")]
    [InlineData("""{"speakerId":"a","sourceLanguage":"en","targetLanguages":[]}""", "spec.targetLanguages")]
    [InlineData("""{"speakerId":"a","sourceLanguage":"en","targetLanguages":["es","es"]}""", "spec.targetLanguages[1]")]
    [InlineData("""{"speakerId":"a","sourceLanguage":"en","targetLanguages":["a","b","c","d","e","f","g","h","i","j","k","l","m","n","o","p","q"]}""", "spec.targetLanguages")]
    [InlineData("""{"speakerId":"a","sourceLanguage":"en","targetLanguages":["es"],"qualityTier":"gold"}""", "spec.qualityTier")]
    [InlineData("""{"speakerId":"a","sourceLanguage":"en","targetLanguages":["es"],"engines":{"asr":"cloud"}}""", "spec.engines.asr")]
    [InlineData("""{"speakerId":"a","sourceLanguage":"en","targetLanguages":["es"],"ttlSeconds":5}""", "spec.ttlSeconds")]
    [InlineData("""{"speakerId":"a","sourceLanguage":"en","targetLanguages":["es"],"maxListeners":0}""", "spec.maxListeners")]
    [InlineData("""{"speakerId":"a","sourceLanguage":"en","targetLanguages":["es"],"channelProvider":"webrtc"}""", "spec.channelProvider")]
    [InlineData("""{"sourceLanguage":"en","targetLanguages":["es"]}""", "spec.speakerId")]
    public void Schema_refuses_a_session_that_breaks_the_architecture_rules(string spec, string field)
    {
        var session = JsonNode.Parse($$"""{"apiVersion":"broadcast.dev/v1alpha1","kind":"BroadcastSession","metadata":{"name":"x"},"spec":{{spec}}}""")!.AsObject();
        var errors = Schema().Apply(session);
        Assert.Contains(errors, e => e.Field == field);
    }

    [Fact]
    public void The_model_serializes_to_what_the_schema_accepts()
    {
        var session = new BroadcastSession
        {
            Metadata = new V1ObjectMeta { Name = "typed" },
            Spec = new BroadcastSessionSpec
            {
                SpeakerId = "alice",
                SourceLanguage = "en",
                TargetLanguages = ["es", "pt-BR"],
                QualityTier = QualityTier.Premium,
                Engines = new SpeechEngines { Asr = EngineKind.Aws, Translation = EngineKind.Local, Tts = EngineKind.Aws },
                ChannelProvider = ChannelProvider.Kvs,
            },
            Status = new BroadcastSessionStatus
            {
                Phase = SessionPhase.Active,
                Conditions = [new V1Condition { Type = "Ready", Status = "True", Reason = "Ready", Message = "ok", LastTransitionTime = DateTime.UtcNow }],
                Media = new MediaStatus { Listeners = new Dictionary<string, int> { ["es"] = 2 } },
                ListenerCount = 2,
                ExpiresAt = DateTime.UtcNow,
            },
        };
        var json = JsonNode.Parse(KubernetesJson.Serialize(session))!.AsObject();
        Assert.Equal("premium", json["spec"]!["qualityTier"]!.GetValue<string>());
        Assert.Equal("aws", json["spec"]!["engines"]!["asr"]!.GetValue<string>());
        Assert.Equal("Active", json["status"]!["phase"]!.GetValue<string>());
        Assert.Empty(Schema().Apply(json));
    }

    private static StructuralSchema Schema() =>
        new((JsonObject)BroadcastSessionCrd.Build()["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.DeepClone());
}
