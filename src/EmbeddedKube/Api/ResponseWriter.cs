using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace BroadcastOperator.EmbeddedKube.Api;

public static class ResponseWriter
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };

    private static readonly object PrettyKey = new();

    /// <summary>Remembers the request's <c>pretty</c> (parsed once, by the router) for every document written in answer.</summary>
    public static void UsePretty(HttpContext context, bool pretty) => context.Items[PrettyKey] = pretty;

    public static async Task WriteJsonAsync(HttpContext context, int code, JsonNode body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        var options = context.Items.TryGetValue(PrettyKey, out var pretty) && pretty is true ? Indented : Options;
        await context.Response.WriteAsync(body.ToJsonString(options), context.RequestAborted);
    }

    public static string Serialize(JsonNode node) => node.ToJsonString(Options);
}
