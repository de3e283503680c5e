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
    [InlineData("""{"speakerId":"a","sourceLanguage":"en","targetLanguages":["es"],"archive":{"audio":["video"]}}""", "spec.archive.audio[0]")]
    [InlineData("""{"speakerId":"a","sourceLanguage":"en","targetLanguages":["es"],"archive":{"audio":["source","source"]}}""", "spec.archive.audio[1]")]
    [InlineData("""{"speakerId":"a","sourceLanguage":"en","targetLanguages":["es"],"archive":{"retentionDays":0}}""", "spec.archive.retentionDays")]
    [InlineData("""{"speakerId":"a","sourceLanguage":"en","targetLanguages":["es"],"archive":{"retentionDays":4000}}""", "spec.archive.retentionDays")]
    [InlineData("""{"speakerId":"a","sourceLanguage":"en","targetLanguages":["es"],"archive":{"transcripts":"yes"}}""", "spec.archive.transcripts")]
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
                Archive = new ArchiveSpec { Audio = [ArchiveAudioTrack.Source, ArchiveAudioTrack.Translated], RetentionDays = 7 },
            },
            Status = new BroadcastSessionStatus
            {
                Phase = SessionPhase.Active,
                Conditions = [new V1Condition { Type = "Ready", Status = "True", Reason = "Ready", Message = "ok", LastTransitionTime = DateTime.UtcNow }],
                Media = new MediaStatus { Listeners = new Dictionary<string, int> { ["es"] = 2 } },
                ListenerCount = 2,
                ExpiresAt = DateTime.UtcNow,
                Archive = new ArchiveStatus
                {
                    Location = "/var/lib/broadcast/archive/default/typed",
                    Complete = true,
                    Files = [new ArchiveFileStatus { Name = "es.vtt", Kind = "captions", Language = "es", Bytes = 120, DurationSeconds = 4.5 }],
                },
            },
        };
        var json = JsonNode.Parse(KubernetesJson.Serialize(session))!.AsObject();
        Assert.Equal("premium", json["spec"]!["qualityTier"]!.GetValue<string>());
        Assert.Equal("aws", json["spec"]!["engines"]!["asr"]!.GetValue<string>());
        Assert.Equal("Active", json["status"]!["phase"]!.GetValue<string>());
        Assert.Empty(Schema().Apply(json));
    }

    [Fact]
    public void An_archive_asked_for_with_no_fields_keeps_transcripts_and_no_audio_for_thirty_days()
    {
        var session = JsonNode.Parse("""{"apiVersion":"broadcast.dev/v1alpha1","kind":"BroadcastSession","metadata":{"name":"x"},"spec":{"speakerId":"a","sourceLanguage":"en","targetLanguages":["es"],"archive":{}}}""")!.AsObject();
        Assert.Empty(Schema().Apply(session));
        var archive = KubernetesJson.Deserialize<BroadcastSession>(session.ToJsonString()).Spec.Archive!;
        Assert.True(archive.IsEnabled);
        Assert.True(archive.KeepsTranscripts);
        Assert.False(archive.KeepsSourceAudio);
        Assert.False(archive.KeepsTranslatedAudio);
        Assert.Equal(30, archive.Retention);
    }

    [Fact]
    public void A_session_without_an_archive_keeps_nothing_and_a_disabled_one_neither()
    {
        var disabled = new ArchiveSpec { Enabled = false, Audio = [ArchiveAudioTrack.Source] };
        Assert.False(disabled.KeepsTranscripts);
        Assert.False(disabled.KeepsSourceAudio);
        Assert.Null(new BroadcastSessionSpec().Archive);
    }

    private static StructuralSchema Schema() =>
        new((JsonObject)BroadcastSessionCrd.Build()["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.DeepClone());
}
