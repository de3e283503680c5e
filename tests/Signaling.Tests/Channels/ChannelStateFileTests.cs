using BroadcastOperator.Signaling.Channels;
using BroadcastOperator.Signaling.Metrics;
using BroadcastOperator.Signaling.Options;

namespace BroadcastOperator.Signaling.Tests.Channels;

/// <summary>Signaling:StateFile: a restarted registry has the same channels under the same ARNs; a broken file is refused by name.</summary>
public sealed class ChannelStateFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("signaling-state-").FullName;

    private string StateFile => Path.Combine(_folder, "state.json");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ChannelRegistry Registry() =>
        new(Microsoft.Extensions.Options.Options.Create(new SignalingOptions { StateFile = StateFile }), TimeProvider.System, new SignalingMetrics());

    [Fact]
    public void A_restarted_registry_keeps_channels_arns_versions_and_tags_and_forgets_deleted_ones()
    {
        var before = Registry();
        var kept = before.Create("kept", 90, new Dictionary<string, string> { ["k"] = "v" }).Channel!;
        var deleted = before.Create("deleted", 60, new Dictionary<string, string>()).Channel!;
        Assert.Equal(ChannelRegistryError.None, before.Delete(deleted.ArnText, null).Error);

        var after = Registry();

        var restored = after.FindByArn(kept.ArnText);
        Assert.NotNull(restored);
        Assert.Equal((kept.Version, kept.MessageTtlSeconds, "v"), (restored.Version, restored.MessageTtlSeconds, restored.Tags["k"]));
        Assert.Null(after.FindByName("deleted"));
        // A name made again after the restart still gets a new ARN (creation millis keep rising).
        var again = after.Create("deleted", 60, new Dictionary<string, string>()).Channel!;
        Assert.True(again.Arn.CreationMillis > kept.Arn.CreationMillis);
        Assert.False(File.Exists(StateFile + ".tmp"));
    }

    [Fact]
    public void A_torn_state_file_is_refused_naming_the_file_and_the_place()
    {
        Registry().Create("one", 60, new Dictionary<string, string>());
        var text = File.ReadAllText(StateFile);
        File.WriteAllText(StateFile, text[..(text.Length / 2)]);

        var error = Assert.Throws<InvalidOperationException>(Registry);

        Assert.Contains(StateFile, error.Message);
        Assert.Contains("byte", error.Message);
    }

    [Fact]
    public void Without_a_state_file_nothing_is_written()
    {
        var registry = new ChannelRegistry(Microsoft.Extensions.Options.Options.Create(new SignalingOptions()), TimeProvider.System, new SignalingMetrics());
        registry.Create("one", 60, new Dictionary<string, string>());
        Assert.Empty(Directory.GetFiles(_folder));
    }
}
