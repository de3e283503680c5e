using BroadcastOperator.Operator.Reconcile;
using BroadcastOperator.Operator.Reconcile.Worker;

namespace BroadcastOperator.Operator.Tests.Reconcile;

public sealed class ChannelNamesTests
{
    [Fact]
    public void One_sessions_prefix_never_matches_another_sessions_channels()
    {
        var a = ChannelNames.Prefix("ns", "a");

        Assert.False(ChannelNames.Source("ns", "a-b").StartsWith(a, StringComparison.Ordinal));
        Assert.False(ChannelNames.Source("ns-a", "b").StartsWith(a, StringComparison.Ordinal));
        Assert.StartsWith(a, ChannelNames.ForLanguage("ns", "a", "pt-BR"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_longest_kubernetes_names_still_give_valid_distinct_KVS_names()
    {
        var ns = new string('n', 63);
        var one = ChannelNames.ForLanguage(ns, new string('x', 253), "pt-BR");
        var other = ChannelNames.ForLanguage(ns, new string('x', 252) + "y", "pt-BR");

        Assert.True(ChannelNames.IsValid(one), one);
        Assert.True(ChannelNames.IsValid(ChannelNames.Source(ns, new string('x', 253))));
        Assert.NotEqual(one, other);
        Assert.True(ChannelNames.IsValid(ChannelNames.Source("default", "my.session-1")));
    }

    [Theory]
    [InlineData("talk", "talk-worker")]
    [InlineData("9lives", "s9lives-worker")]
    public void Worker_service_names_are_DNS_labels(string session, string expected)
    {
        Assert.Equal(expected, WorkerResources.ServiceName(session));
        var longName = WorkerResources.ServiceName(new string('a', 200));
        Assert.True(longName.Length <= 63, longName);
        Assert.EndsWith("-worker", longName, StringComparison.Ordinal);
    }
}
