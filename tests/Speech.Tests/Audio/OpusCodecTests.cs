using BroadcastOperator.Speech.Audio;
using BroadcastOperator.Speech.Tests.Support;

namespace BroadcastOperator.Speech.Tests.Audio;

public class OpusCodecTests
{
    [SkippableFact]
    public void Native_libopus_is_used_where_its_unversioned_library_is_installed()
    {
        const string library = "/usr/lib/x86_64-linux-gnu/libopus.so";
        Skip.IfNot(File.Exists(library), $"{library} missing (libopus-dev, installed by scripts/install-deps.sh)");

        Assert.StartsWith("libopus", new OpusFrameEncoder().CodecVersion);
        Assert.StartsWith("libopus", new OpusSpeakerDecoder().CodecVersion);
    }

    [Fact]
    public void Encoded_speech_decodes_back_to_16_khz_at_the_same_level()
    {
        var encoder = new OpusFrameEncoder();
        var decoder = new OpusSpeakerDecoder();
        var upsampler = new PolyphaseResampler(16000, 48000);
        var tone16k = Signals.Sine(440, TimeSpan.FromSeconds(1), 8000);
        var tone48k = new short[upsampler.MaxOutputFor(tone16k.Length)];
        var length = upsampler.Process(tone16k, tone48k);
        var packet = new byte[OpusFrameEncoder.MaxPacketBytes];
        var decoded = new List<short>();
        var buffer = new short[decoder.MaxOutputSamples];

        for (var i = 0; i + OpusFrameEncoder.FrameSamples <= length; i += OpusFrameEncoder.FrameSamples)
        {
            var size = encoder.Encode(tone48k.AsSpan(i, OpusFrameEncoder.FrameSamples), packet);
            var n = decoder.Decode(packet.AsSpan(0, size), buffer);
            decoded.AddRange(buffer.AsSpan(0, n).ToArray());
        }

        var steady = decoded.Skip(3200).Take(8000).ToArray();
        var level = VoiceActivityDetector.LevelDbfs(steady);
        Assert.InRange(decoded.Count, 15000, 16000);
        Assert.InRange(level, VoiceActivityDetector.LevelDbfs(tone16k) - 2, VoiceActivityDetector.LevelDbfs(tone16k) + 2);
    }
}
