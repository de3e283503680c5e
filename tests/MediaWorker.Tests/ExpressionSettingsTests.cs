using BroadcastOperator.Shared.Worker;
using BroadcastOperator.Speech.Expression;
using BroadcastOperator.Speech.Ssml;

namespace BroadcastOperator.MediaWorker.Tests;

/// <summary>spec.expression reaches the worker as BROADCAST_EXPRESSION_*; these are what the speech pipeline then runs with.</summary>
public sealed class ExpressionSettingsTests
{
    private static readonly PhraseExpression Excited = new(ExpressionLabel.Excited, 1.3, 5, 3, 1, null,
        new PhraseProsody(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), 8, 4, 2.5, -20, 180, 4, null, 0, TimeSpan.Zero));

    [Fact]
    public void Without_the_variables_expression_is_carried_at_intensity_one()
    {
        var expression = AdvertisedSettingsTests.Read().Expression;

        Assert.True(expression.Enabled);
        Assert.Equal(1, expression.Intensity);
        Assert.NotEqual(ProsodyTarget.Flat, ProsodyTarget.From(Excited, expression));
    }

    [Theory]
    [InlineData("false")]
    [InlineData("0")]
    public void Disabled_expression_gives_the_flat_voice_and_plain_text(string value)
    {
        var expression = AdvertisedSettingsTests.Read((WorkerEnvironment.ExpressionEnabled, value), (WorkerEnvironment.ExpressionIntensity, "2")).Expression;

        Assert.False(expression.Enabled);
        var target = ProsodyTarget.From(Excited, expression);
        Assert.Equal(ProsodyTarget.Flat, target);
        Assert.Equal("<speak>hola</speak>", Assert.Single(SsmlBuilder.Build(["hola"], target, SsmlDialect.Espeak)));
    }

    [Fact]
    public void The_intensity_is_read_in_the_invariant_culture_and_scales_the_deltas_within_the_limits()
    {
        var half = AdvertisedSettingsTests.Read((WorkerEnvironment.ExpressionEnabled, "true"), (WorkerEnvironment.ExpressionIntensity, "0.5")).Expression;
        var most = AdvertisedSettingsTests.Read((WorkerEnvironment.ExpressionIntensity, "2")).Expression;

        Assert.Equal(0.5, half.Intensity);
        Assert.Equal(2.5, ProsodyTarget.From(Excited, half).VolumeDb, 6);
        // Twice +5 dB and +3 st would be +10 dB and +6 st: held at the limits that keep the voice intelligible.
        var strongest = ProsodyTarget.From(Excited, most);
        Assert.Equal(most.MaxVolumeDb, strongest.VolumeDb, 6);
        Assert.Equal(most.MaxPitchSemitones, strongest.PitchSemitones, 6);
    }

    [Theory]
    [InlineData(WorkerEnvironment.ExpressionIntensity, "2.5")]
    [InlineData(WorkerEnvironment.ExpressionIntensity, "-0.1")]
    [InlineData(WorkerEnvironment.ExpressionIntensity, "NaN")]
    [InlineData(WorkerEnvironment.ExpressionIntensity, "1,5")]
    [InlineData(WorkerEnvironment.ExpressionIntensity, "loud")]
    [InlineData(WorkerEnvironment.ExpressionEnabled, "maybe")]
    [InlineData(WorkerEnvironment.ExpressionEnabled, "False")]
    public void A_bad_expression_value_fails_the_start_naming_the_variable_and_the_value(string variable, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => AdvertisedSettingsTests.Read((variable, value)));

        Assert.Contains($"{variable}={value}", error.Message, StringComparison.Ordinal);
    }
}
