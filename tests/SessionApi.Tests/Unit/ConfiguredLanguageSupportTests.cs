using BroadcastOperator.SessionApi.Sessions;

namespace BroadcastOperator.SessionApi.Tests.Unit;

public sealed class ConfiguredLanguageSupportTests
{
    [Fact]
    public void Configured_pairs_are_served_and_described_in_order()
    {
        var support = new ConfiguredLanguageSupport(["en-es", "pt-BR-en", "en-pt-BR"]);

        Assert.True(support.Serves("en", "es"));
        Assert.True(support.Serves("pt-BR", "en"));
        Assert.True(support.Serves("en", "pt-BR"));
        Assert.True(support.Serves("fr", "fr"));
        Assert.False(support.Serves("es", "en"));
        Assert.Equal(["en->es", "en->pt-BR", "pt-BR->en"], support.DescribeServedPairs());
    }

    [Fact]
    public void A_malformed_pair_is_refused_at_start()
    {
        Assert.ThrowsAny<Exception>(() => new ConfiguredLanguageSupport(["english-spanish"]));
    }
}
