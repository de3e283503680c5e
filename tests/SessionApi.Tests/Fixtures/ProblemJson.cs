using System.Text.Json;

namespace BroadcastOperator.SessionApi.Tests.Fixtures;

/// <summary>Reads RFC 7807 bodies and their `errors` dictionary.</summary>
public static class ProblemJson
{
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>The joined messages for <paramref name="field"/>; fails the test when the field is not named.</summary>
    public static string ErrorFor(JsonElement problem, string field)
    {
        Assert.True(problem.TryGetProperty("errors", out var errors), $"no errors in {problem}");
        Assert.True(errors.TryGetProperty(field, out var messages), $"field '{field}' not named in {errors}");
        return string.Join(" ", messages.EnumerateArray().Select(m => m.GetString()));
    }
}
