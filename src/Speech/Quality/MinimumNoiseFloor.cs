namespace BroadcastOperator.Speech.Quality;

/// <summary>
/// The room's noise floor as the quietest 10 ms frame of the last ~2 s (minimum statistics): speech always pauses
/// within that span, and the floor follows a room that gets noisier within two seconds instead of the many the
/// segmenter's slow-rising detector needs. Digital silence counts at <see cref="Audio.VoiceActivityDetector.DigitalSilenceDbfs"/>:
/// speech between muted pauses is still speech.
/// </summary>
internal sealed class MinimumNoiseFloor
{
    private const int BlockFrames = 50;
    private readonly double[] _blockMinima = [double.MaxValue, double.MaxValue, double.MaxValue, double.MaxValue];
    private double _currentMinimum = double.MaxValue;
    private int _framesInBlock;
    private int _block;

    /// <summary>Whether a whole block has been seen: before it, the quietest frame so far may still be speech.</summary>
    public bool Settled { get; private set; }

    /// <summary>Whether the floor is a muted microphone's, not a room's.</summary>
    public bool IsDigitalSilence => Dbfs <= Audio.VoiceActivityDetector.DigitalSilenceDbfs;

    /// <summary>The floor in dBFS, or null before any frame.</summary>
    public double? Dbfs
    {
        get
        {
            var floor = Math.Min(_currentMinimum, _blockMinima.Min());
            return floor == double.MaxValue ? null : floor;
        }
    }

    public void Add(double frameDbfs)
    {
        _currentMinimum = Math.Min(_currentMinimum, Math.Max(frameDbfs, Audio.VoiceActivityDetector.DigitalSilenceDbfs));

        if (++_framesInBlock < BlockFrames)
        {
            return;
        }

        Settled = true;
        _blockMinima[_block] = _currentMinimum;
        _block = (_block + 1) % _blockMinima.Length;
        _currentMinimum = double.MaxValue;
        _framesInBlock = 0;
    }
}
