namespace BroadcastOperator.WebRtc.Tests.Support;

/// <summary>Seeded random and mutated inputs for the "never throws, never hangs" parser tests.</summary>
internal static class Mutations
{
    /// <summary>Random buffers of random length, then bit flips, truncations and extensions of each seed.</summary>
    public static IEnumerable<byte[]> Of(int seed, int count, params byte[][] seeds)
    {
        // WEBRTC_FUZZ_SCALE=1000 turns the quick CI run into a long local fuzzing session.
        count *= int.TryParse(Environment.GetEnvironmentVariable("WEBRTC_FUZZ_SCALE"), out var scale) && scale > 1 ? scale : 1;
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var buffer = new byte[random.Next(0, 200)];
            random.NextBytes(buffer);
            yield return buffer;
        }

        foreach (var original in seeds)
        {
            for (var i = 0; i < count; i++)
            {
                var mutated = (byte[])original.Clone();
                var flips = random.Next(1, 4);
                for (var f = 0; f < flips && mutated.Length > 0; f++)
                {
                    mutated[random.Next(mutated.Length)] ^= (byte)(1 << random.Next(8));
                }

                yield return mutated;
                yield return original[..random.Next(original.Length + 1)];
                var extended = new byte[original.Length + random.Next(1, 9)];
                original.CopyTo(extended, 0);
                random.NextBytes(extended.AsSpan(original.Length));
                yield return extended;
            }
        }
    }
}
