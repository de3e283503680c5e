namespace BroadcastOperator.WebRtc.Tests.Support;

/// <summary>Waits on a condition with a deadline instead of sleeping.</summary>
internal static class Eventually
{
    public static async Task True(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0.#} s waiting for: {what}");
            }

            await Task.Delay(20);
        }
    }
}
