namespace BroadcastOperator.Operator.Tests.Support;

/// <summary>Waits on a condition with a deadline instead of sleeping and hoping.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        Exception? last = null;
        while (true)
        {
            T value = default!;
            try
            {
                value = await probe();
                if (done(value))
                {
                    return value;
                }
                last = null;
            }
            catch (Exception e) when (e is not TimeoutException)
            {
                last = e;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not met in time: {what} (last value: {Describe(value)})", last);
            }
            await Task.Delay(50);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? within = null) =>
        GetAsync(() => Task.FromResult(condition()), ok => ok, what, within);

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        System.Collections.IEnumerable items and not string => "[" + string.Join(", ", items.Cast<object>()) + "]",
        _ => value.ToString() ?? "",
    };
}
