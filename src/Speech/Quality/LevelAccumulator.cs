namespace BroadcastOperator.Speech.Quality;

/// <summary>Running sums over a stretch of audio (a window or a phrase), turned into figures at its end.</summary>
internal sealed class LevelAccumulator
{
    private long _samples;
    private double _sumSquares;
    private double _sum;
    private int _peak;
    private long _clipped;
    private int _frames;
    private int _speechFrames;
    private double _speechPower;
    private int _noiseFrames;
    private double _noisePower;

    public int Frames => _frames;

    /// <summary>Mean power of the frames of room noise (neither speech nor digital silence), or null with too few of them.</summary>
    public double? NoisePower => _noiseFrames >= MinNoiseFrames ? _noisePower / _noiseFrames : null;

    private const int MinNoiseFrames = 5;

    public void AddFrame(ReadOnlySpan<short> frame, double power, bool speech, bool roomNoise, int clippedSamples)
    {
        foreach (var s in frame)
        {
            _sum += s;
            _peak = Math.Max(_peak, Math.Abs((int)s));
        }

        _sumSquares += power * frame.Length;
        _samples += frame.Length;
        _clipped += clippedSamples;
        _frames++;
        if (speech)
        {
            _speechFrames++;
            _speechPower += power;
        }
        else if (roomNoise)
        {
            _noiseFrames++;
            _noisePower += power;
        }
    }

    public AudioQualityWindow ToWindow(TimeSpan duration, double? noisePower, double dropoutRatio, TimeSpan silenceFor)
    {
        double? speechDbfs = null, snr = null;
        if (_speechFrames > 0)
        {
            var speechPower = _speechPower / _speechFrames;
            speechDbfs = AudioLevel.ToDbfs(speechPower);
            if (noisePower is > 0)
            {
                // The speech frames carry the noise too: take it out before the ratio.
                snr = 10 * Math.Log10(Math.Max(speechPower - noisePower.Value, noisePower.Value * 1e-3) / noisePower.Value);
            }
        }

        var samples = Math.Max(1, _samples);
        return new AudioQualityWindow(
            duration,
            AudioLevel.ToDbfs(_sumSquares / samples),
            _peak == 0 ? AudioLevel.FloorDbfs : 20 * Math.Log10(_peak / 32768.0),
            (double)_clipped / samples,
            _sum / samples / 32768.0,
            _frames == 0 ? 0 : (double)_speechFrames / _frames,
            speechDbfs,
            noisePower is > 0 ? AudioLevel.ToDbfs(noisePower.Value) : null,
            snr,
            dropoutRatio,
            silenceFor);
    }

    public void Reset()
    {
        _samples = 0;
        _sumSquares = _sum = _speechPower = _noisePower = 0;
        _peak = 0;
        _clipped = 0;
        _frames = _speechFrames = _noiseFrames = 0;
    }
}
