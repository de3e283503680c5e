namespace BroadcastOperator.Speech.Quality;

/// <summary>Power (mean square, full scale = 1) to and from dBFS.</summary>
public static class AudioLevel
{
    public const double FloorDbfs = -100;
    private const double FullScaleSquared = 32768.0 * 32768.0;

    public static double MeanSquare(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }

        return samples.IsEmpty ? 0 : sum / samples.Length / FullScaleSquared;
    }

    public static double ToDbfs(double meanSquare) => meanSquare <= 1e-10 ? FloorDbfs : 10 * Math.Log10(meanSquare);

    public static double FromDbfs(double dbfs) => Math.Pow(10, dbfs / 10);
}
