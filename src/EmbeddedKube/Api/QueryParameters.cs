using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace BroadcastOperator.EmbeddedKube.Api;

/// <summary>
/// Typed reads of the query string. A value that does not parse is a 400 Status naming the
/// parameter, never a silent default: a client that sent <c>watch=yes</c> should learn it was not understood.
/// </summary>
public static class QueryParameters
{
    /// <summary>Booleans as Go's <c>strconv.ParseBool</c> reads them; absent is <paramref name="absent"/>.</summary>
    public static bool Bool(HttpRequest request, string name, bool absent = false) =>
        OptionalBool(request, name) ?? absent;

    public static bool? OptionalBool(HttpRequest request, string name)
    {
        if (Single(request, name) is not { } text)
        {
            return null;
        }
        return text switch
        {
            "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
            "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
            _ => throw ApiException.BadRequest($"invalid value for query parameter {name}: strconv.ParseBool: parsing \"{text}\": invalid syntax"),
        };
    }

    /// <summary>A 64-bit integer as Go's <c>strconv.ParseInt</c> reads it; absent is null.</summary>
    public static long? OptionalInt(HttpRequest request, string name)
    {
        if (Single(request, name) is not { } text)
        {
            return null;
        }
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiException.BadRequest($"invalid value for query parameter {name}: strconv.ParseInt: parsing \"{text}\": invalid syntax");
    }

    public static string? String(HttpRequest request, string name) => Single(request, name);

    private static string? Single(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}
