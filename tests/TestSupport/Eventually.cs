namespace BroadcastOperator.TestSupport;

/// <summary>
/// Waits on a condition with a deadline instead of sleeping and hoping. A probe that throws is tried again
/// until the deadline; the timeout names what was awaited, the last value seen and the last exception.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultWithin = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>The first value of <paramref name="probe"/> that is <paramref name="done"/>.</summary>
    /// <param name="pollEvery">Between probes (20 ms unless the probe is costly, such as a kubectl run).</param>
    /// <param name="diagnose">What the timeout message adds about the state of things (a page's connections, say).</param>
    public static async Task<T> GetAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? within = null,
        CancellationToken cancellationToken = default, TimeSpan? pollEvery = null, Func<Task<string>>? diagnose = null)
    {
        var deadline = DateTime.UtcNow + (within ?? DefaultWithin);
        while (true)
        {
            T value = default!;
            Exception? last = null;
            try
            {
                value = await probe();
                if (done(value))
                {
                    return value;
                }
            }
            catch (Exception e) when (e is not TimeoutException)
            {
                last = e;
            }
            if (DateTime.UtcNow > deadline)
            {
                var diagnosis = diagnose is null ? "" : $"; {await diagnose()}";
                throw new TimeoutException($"not met within {(within ?? DefaultWithin).TotalSeconds:0.#} s: {what} (last value: {Describe(value)}{diagnosis})", last);
            }
            await Task.Delay(pollEvery ?? PollInterval, cancellationToken);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null, CancellationToken cancellationToken = default) =>
        GetAsync(condition, ok => ok, what, within, cancellationToken);

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? within = null, CancellationToken cancellationToken = default) =>
        GetAsync(() => Task.FromResult(condition()), ok => ok, what, within, cancellationToken);

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        System.Collections.IEnumerable items and not string => "[" + string.Join(", ", items.Cast<object>()) + "]",
        _ => value.ToString() ?? "",
    };
}
