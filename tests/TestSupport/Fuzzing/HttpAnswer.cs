namespace BroadcastOperator.TestSupport.Fuzzing;

/// <summary>
/// What a fuzz case's HTTP request got back: the status and body, or, when no answer came (a dropped connection, a
/// timeout), why not. The HTTP fuzz targets assert on it themselves: no 5xx, always an answer.
/// </summary>
public sealed record HttpAnswer(int? Status, string Detail)
{
    /// <summary>
    /// Sends <paramref name="request"/>; never throws for the server's failings, they are the answer. With
    /// <paramref name="within"/>, a server that has not answered by then is a "no answer" (a hang).
    /// </summary>
    public static async Task<HttpAnswer> SendAsync(HttpClient http, HttpRequestMessage request, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? Timeout.InfiniteTimeSpan);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new HttpAnswer(null, $"no answer within {within!.Value.TotalSeconds:0} s");
        }
        catch (Exception e)
        {
            return new HttpAnswer(null, $"{e.GetType().Name}: {e.Message}");
        }

        using (response)
        {
            return new HttpAnswer((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }
    }
}
