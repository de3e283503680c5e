using System.Text.Json;
using BroadcastOperator.EmbeddedKube.Resources;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BroadcastOperator.EmbeddedKube.Api;

/// <summary>
/// The single entry point of every request: discovery and health documents, then resource
/// URLs. Every failure becomes a Kubernetes Status with the right code; nothing escapes as a bare 500.
/// </summary>
public sealed class ApiRouter(ResourceRegistry registry, ResourceHandler resources, ILogger logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await RouteAsync(context);
        }
        catch (ApiException e)
        {
            await WriteErrorAsync(context, e);
        }
        catch (JsonException e)
        {
            await WriteErrorAsync(context, ApiException.BadRequest($"malformed body: {e.Message}"));
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException && !context.Response.HasStarted)
        {
            // A value of the wrong JSON kind where the server expected another (a number as apiVersion,
            // a string as finalizers): the body is malformed; nothing was stored.
            await WriteErrorAsync(context, ApiException.BadRequest($"malformed body: {e.Message}"));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            EmbeddedKubeLog.UnexpectedRequestFailure(logger, e, context.Request.Method, context.Request.Path);
            await WriteErrorAsync(context, new ApiException(500, "InternalError", $"an error on the server prevented the request from succeeding: {e.Message}"));
        }
    }

    private async Task RouteAsync(HttpContext context)
    {
        ResponseWriter.UsePretty(context, QueryParameters.Bool(context.Request, "pretty"));
        var path = context.Request.Path.Value ?? "/";
        var trimmed = path.TrimEnd('/');
        switch (trimmed)
        {
            case "/healthz" or "/readyz" or "/livez":
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("ok");
                return;
            case "/metrics":
                // As kube-apiserver has one; here only the managed heap, which the leak check reads (issue 18 part 5).
                context.Response.ContentType = "text/plain; version=0.0.4";
                await context.Response.WriteAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"# TYPE dotnet_total_memory_bytes gauge\ndotnet_total_memory_bytes {GC.GetTotalMemory(false)}\n"));
                return;
            case "/version":
                await ResponseWriter.WriteJsonAsync(context, 200, Discovery.Version());
                return;
            case "/api":
                await ResponseWriter.WriteJsonAsync(context, 200, Discovery.CoreVersions(context.Request.Host.Value ?? "127.0.0.1"));
                return;
            case "/apis":
                await ResponseWriter.WriteJsonAsync(context, 200, Discovery.Groups(registry));
                return;
            case "/openapi/v3":
                await ResponseWriter.WriteJsonAsync(context, 200, OpenApiDocuments.Root(registry));
                return;
        }
        if (trimmed.StartsWith("/openapi/v3/", StringComparison.Ordinal))
        {
            var document = OpenApiDocuments.GroupVersion(registry, trimmed["/openapi/v3/".Length..])
                ?? throw ApiException.NotFound(trimmed, null);
            await ResponseWriter.WriteJsonAsync(context, 200, document);
            return;
        }
        var segments = trimmed.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (context.Request.Method == "GET")
        {
            var document = segments switch
            {
                ["api", var version] => Discovery.Resources(registry, "", version),
                ["apis", var group] => Discovery.Group(registry, group),
                ["apis", var group, var version] => Discovery.Resources(registry, group, version),
                _ => null,
            };
            if (document is not null)
            {
                await ResponseWriter.WriteJsonAsync(context, 200, document);
                return;
            }
        }
        var apiPath = ApiPath.TryParse(trimmed) ?? throw ApiException.NotFound(trimmed, null);
        await resources.HandleAsync(context, apiPath);
    }

    private static async Task WriteErrorAsync(HttpContext context, ApiException error)
    {
        if (context.Response.HasStarted)
        {
            return;
        }
        if (ProtobufBody.OnlyProtobufAccepted(context.Request) && await ProtobufBody.TryWriteAsync(context, error.Code, error.ToStatus()))
        {
            return;
        }
        await ResponseWriter.WriteJsonAsync(context, error.Code, error.ToStatus());
    }
}
