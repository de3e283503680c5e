using BroadcastOperator.Shared.Worker;

namespace BroadcastOperator.MediaWorker.Tests;

/// <summary>How long the worker keeps re-sending a listener's answer comes from its environment, 30 s unless set.</summary>
public sealed class OfferLifetimeSettingsTests
{
    [Fact]
    public void An_answer_is_kept_for_30_seconds_unless_the_variable_says_otherwise()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), AdvertisedSettingsTests.Read().OfferLifetime);
        Assert.Equal(TimeSpan.FromSeconds(45), AdvertisedSettingsTests.Read((WorkerEnvironment.OfferLifetimeSeconds, "45")).OfferLifetime);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("soon")]
    public void A_lifetime_that_is_no_positive_number_fails_the_start_naming_the_variable(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => AdvertisedSettingsTests.Read((WorkerEnvironment.OfferLifetimeSeconds, value)));

        Assert.Contains(WorkerEnvironment.OfferLifetimeSeconds, error.Message);
    }
}
