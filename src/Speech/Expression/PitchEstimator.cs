namespace BroadcastOperator.Speech.Expression;

/// <summary>
/// Fundamental frequency of one stretch of voiced audio by YIN (de Cheveigné and Kawahara, 2002): the cumulative
/// mean normalized difference function, the first dip under an absolute threshold, refined by parabolic
/// interpolation. Buffers are sized once; nothing is allocated per estimate.
/// </summary>
public sealed class PitchEstimator
{
    private const double Threshold = 0.15;
    private readonly int _rate;
    private readonly int _minLag;
    private readonly int _maxLag;
    private readonly double[] _difference;

    public PitchEstimator(int rate = 16000, double minHz = 60, double maxHz = 450, int window = 400)
    {
        _rate = rate;
        _minLag = (int)Math.Floor(rate / maxHz);
        _maxLag = (int)Math.Ceiling(rate / minHz);
        Window = window;
        _difference = new double[_maxLag + 2];
    }

    /// <summary>Samples one estimate compares (the input must hold this plus <see cref="MaxLag"/>).</summary>
    public int Window { get; }

    public int MaxLag => _maxLag;

    public int SamplesNeeded => Window + _maxLag + 1;

    /// <summary>F0 in Hz, or null when the audio is not periodic enough to call voiced.</summary>
    public double? Estimate(ReadOnlySpan<short> samples)
    {
        if (samples.Length < SamplesNeeded)
        {
            throw new ArgumentException($"YIN needs {SamplesNeeded} samples, got {samples.Length}.", nameof(samples));
        }

        for (var lag = 1; lag <= _maxLag + 1; lag++)
        {
            double sum = 0;
            for (var j = 0; j < Window; j++)
            {
                double delta = samples[j] - samples[j + lag];
                sum += delta * delta;
            }

            _difference[lag] = sum;
        }

        // Cumulative mean normalization: d'(τ) = d(τ) · τ / Σ_{1..τ} d.
        double running = 0;
        for (var lag = 1; lag <= _maxLag + 1; lag++)
        {
            running += _difference[lag];
            _difference[lag] = running <= 0 ? 1 : _difference[lag] * lag / running;
        }

        for (var lag = _minLag; lag <= _maxLag; lag++)
        {
            if (_difference[lag] >= Threshold)
            {
                continue;
            }

            while (lag + 1 <= _maxLag && _difference[lag + 1] < _difference[lag])
            {
                lag++; // walk down to the bottom of the dip
            }

            return _rate / Refine(lag);
        }

        return null;
    }

    private double Refine(int lag)
    {
        double left = _difference[lag - 1], centre = _difference[lag], right = _difference[lag + 1];
        var curvature = left - 2 * centre + right;
        return curvature <= 0 ? lag : lag + 0.5 * (left - right) / curvature;
    }
}
