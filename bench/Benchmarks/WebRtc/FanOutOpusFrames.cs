using Concentus;
using Concentus.Enums;

namespace BroadcastOperator.Benchmarks.WebRtc;

/// <summary>Real Opus frames to fan out, encoded once before the run (encoding is not what the fan-out measures).</summary>
internal static class FanOutOpusFrames
{
    public static byte[][] Tone(int frames)
    {
        var encoder = OpusCodecFactory.CreateEncoder(48000, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        var pcm = new short[960];
        var output = new byte[1275];
        var result = new byte[frames][];
        for (var f = 0; f < frames; f++)
        {
            for (var i = 0; i < pcm.Length; i++)
            {
                pcm[i] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * ((f * 960) + i) / 48000));
            }

            result[f] = output.AsSpan(0, encoder.Encode(pcm, 960, output, output.Length)).ToArray();
        }

        return result;
    }
}
