using BroadcastOperator.Speech.Audio;
using BroadcastOperator.Speech.Tests.Support;

namespace BroadcastOperator.Speech.Tests.Audio;

public class PolyphaseResamplerTests
{
    [Theory]
    [InlineData(48000, 16000, 1000)]
    [InlineData(22050, 48000, 1000)]
    [InlineData(16000, 48000, 440)]
    public void A_tone_keeps_its_frequency_and_level(int inputRate, int outputRate, double frequency)
    {
        var resampler = new PolyphaseResampler(inputRate, outputRate);
        var input = Signals.Sine(frequency, TimeSpan.FromSeconds(1), 10000, inputRate);
        var output = ResampleInBlocks(resampler, input, 441);

        Assert.InRange(output.Length, outputRate - 64, outputRate);
        var steady = output.AsSpan(outputRate / 10, outputRate / 2);
        var expected = Signals.Sine(frequency, TimeSpan.FromSeconds(1), 10000, outputRate);
        Assert.InRange(Rms(steady), Rms(expected) * 0.97, Rms(expected) * 1.03);
        Assert.InRange(ZeroCrossings(steady) / 2.0 / (steady.Length / (double)outputRate), frequency * 0.99, frequency * 1.01);
    }

    [Fact]
    public void Content_above_the_new_nyquist_is_removed_when_downsampling()
    {
        var resampler = new PolyphaseResampler(48000, 16000);
        var input = Signals.Sine(12000, TimeSpan.FromSeconds(1), 10000, 48000);
        var output = ResampleInBlocks(resampler, input, 960);

        Assert.True(Rms(output.AsSpan(1600)) < 10000 / Math.Sqrt(2) * 0.01, "a 12 kHz tone must not alias into 16 kHz audio");
    }

    [Fact]
    public void Block_size_does_not_change_the_output()
    {
        var input = Signals.WhiteNoise(TimeSpan.FromMilliseconds(300), 8000, rate: 22050);
        var whole = ResampleInBlocks(new PolyphaseResampler(22050, 48000), input, input.Length);
        var small = ResampleInBlocks(new PolyphaseResampler(22050, 48000), input, 37);

        Assert.Equal(whole, small);
    }

    private static short[] ResampleInBlocks(PolyphaseResampler resampler, short[] input, int block)
    {
        var output = new List<short>();
        var buffer = new short[resampler.MaxOutputFor(block)];
        for (var i = 0; i < input.Length; i += block)
        {
            var n = resampler.Process(input.AsSpan(i, Math.Min(block, input.Length - i)), buffer);
            output.AddRange(buffer.AsSpan(0, n).ToArray());
        }

        return [.. output];
    }

    private static double Rms(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }

        return Math.Sqrt(sum / samples.Length);
    }

    private static int ZeroCrossings(ReadOnlySpan<short> samples)
    {
        var count = 0;
        for (var i = 1; i < samples.Length; i++)
        {
            if ((samples[i - 1] < 0) != (samples[i] < 0))
            {
                count++;
            }
        }

        return count;
    }
}
