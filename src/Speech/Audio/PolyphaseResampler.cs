namespace BroadcastOperator.Speech.Audio;

/// <summary>
/// Streaming rational-ratio resampler (windowed-sinc, Blackman window, one coefficient row per polyphase
/// branch). Output sample n sits at input position n·M/L; it is the dot product of the input around that
/// position with the row for the fractional part. Latency is half the filter length in input samples.
/// Allocates only when a larger input block than before arrives.
/// </summary>
public sealed class PolyphaseResampler
{
    private readonly int _up;   // L
    private readonly int _down; // M
    private readonly int _taps; // per branch, even
    private readonly float[] _coefficients; // [phase * taps + k]
    private float[] _history;
    private long _historyStart; // absolute input index of _history[0]
    private int _historyLength;
    private long _inputCount;
    private long _outputCount;

    public PolyphaseResampler(int inputRate, int outputRate, int tapsPerSide = 8)
    {
        if (inputRate <= 0 || outputRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inputRate), "Sample rates must be positive.");
        }

        InputRate = inputRate;
        OutputRate = outputRate;
        var gcd = Gcd(inputRate, outputRate);
        _up = outputRate / gcd;
        _down = inputRate / gcd;
        // Cut off below the lower Nyquist; a downsampler needs proportionally longer filters.
        var cutoff = Math.Min(1.0, (double)_up / _down) * 0.92;
        _taps = 2 * (int)Math.Ceiling(tapsPerSide / cutoff);
        _coefficients = BuildCoefficients(_up, _taps, cutoff);
        _history = new float[_taps * 4];
        _historyStart = -_taps / 2; // start with half a filter of silence so output begins at t=0
        _historyLength = _taps / 2;
    }

    public int InputRate { get; }

    public int OutputRate { get; }

    /// <summary>Upper bound of the output for an input block of <paramref name="inputSamples"/>.</summary>
    public int MaxOutputFor(int inputSamples) => (int)((long)(inputSamples + _taps) * _up / _down) + 2;

    /// <summary>Resamples <paramref name="input"/>, writing what can be computed so far; returns samples written.</summary>
    public int Process(ReadOnlySpan<short> input, Span<short> output)
    {
        Append(input);
        var half = _taps / 2;
        var written = 0;
        while (written < output.Length)
        {
            var position = _outputCount * _down;
            var center = position / _up;
            var phase = (int)(position % _up);
            var first = center - half + 1;
            if (center + half >= _inputCount)
            {
                break;
            }

            var row = _coefficients.AsSpan(phase * _taps, _taps);
            var window = _history.AsSpan((int)(first - _historyStart), _taps);
            float sum = 0;
            for (var k = 0; k < row.Length; k++)
            {
                sum += row[k] * window[k];
            }

            output[written++] = (short)Math.Clamp(MathF.Round(sum), short.MinValue, short.MaxValue);
            _outputCount++;
        }

        DiscardConsumed(half);
        return written;
    }

    private void Append(ReadOnlySpan<short> input)
    {
        if (_historyLength + input.Length > _history.Length)
        {
            Array.Resize(ref _history, Math.Max(_history.Length * 2, _historyLength + input.Length));
        }

        var target = _history.AsSpan(_historyLength, input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            target[i] = input[i];
        }

        _historyLength += input.Length;
        _inputCount += input.Length;
    }

    private void DiscardConsumed(int half)
    {
        var nextCenter = _outputCount * _down / _up;
        var keepFrom = Math.Max(_historyStart, nextCenter - half + 1);
        var drop = (int)(keepFrom - _historyStart);
        if (drop <= 0)
        {
            return;
        }

        _history.AsSpan(drop, _historyLength - drop).CopyTo(_history);
        _historyLength -= drop;
        _historyStart += drop;
    }

    private static float[] BuildCoefficients(int phases, int taps, double cutoff)
    {
        var coefficients = new float[phases * taps];
        var half = taps / 2;
        for (var phase = 0; phase < phases; phase++)
        {
            double sum = 0;
            var row = new double[taps];
            for (var k = 0; k < taps; k++)
            {
                // Input sample (center - half + 1 + k) lies this far (in input samples) from the output position.
                var distance = (k - half + 1) - (double)phase / phases;
                var x = Math.PI * cutoff * distance;
                var sinc = Math.Abs(x) < 1e-12 ? 1.0 : Math.Sin(x) / x;
                var w = (distance + half) / taps; // 0..1 across the filter span
                var blackman = 0.42 - 0.5 * Math.Cos(2 * Math.PI * w) + 0.08 * Math.Cos(4 * Math.PI * w);
                row[k] = sinc * Math.Max(0, blackman);
                sum += row[k];
            }

            // Unity gain at DC for every branch, so a constant input stays constant.
            for (var k = 0; k < taps; k++)
            {
                coefficients[phase * taps + k] = (float)(row[k] / sum);
            }
        }

        return coefficients;
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
