using k8s;
using k8s.Autorest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BroadcastOperator.LocalRunner;

/// <summary>
/// The cluster network's part for worker Services on one machine: every worker process listens on its own
/// loopback port, so <c>GET /{namespace}/{service}/{path}</c> here is forwarded to a running worker whose Pod
/// the Service selects, the way a ClusterIP would route it. Responses stream (captions are Server-Sent Events).
/// SessionApi reaches workers through this with <c>WorkerServiceUrlTemplate=http://127.0.0.1:PORT/{namespace}/{service}</c>.
/// </summary>
public sealed class ServiceProxy(IKubernetes client, PodRunner runner)
{
    private static readonly HttpClient Upstream = new() { Timeout = Timeout.InfiniteTimeSpan };

    public void Map(IEndpointRouteBuilder routes) => routes.MapGet("/{namespace}/{service}/{**path}", ForwardAsync);

    private async Task ForwardAsync(HttpContext context, string @namespace, string service, string? path)
    {
        var port = await ResolveAsync(@namespace, service, context.RequestAborted);
        if (port is null)
        {
            await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "No endpoint",
                detail: $"Service {@namespace}/{service} selects no running worker on this machine").ExecuteAsync(context);
            return;
        }
        var target = $"http://127.0.0.1:{port}/{path}{context.Request.QueryString}";
        HttpResponseMessage response;
        try
        {
            response = await Upstream.GetAsync(target, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        }
        catch (HttpRequestException e)
        {
            await Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Worker unreachable", detail: e.Message).ExecuteAsync(context);
            return;
        }
        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in response.Headers.Concat(response.Content.Headers).Where(h => !IsHopByHop(h.Key)))
            {
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }
            await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
            await CopyFlushingAsync(body, context.Response, context.RequestAborted);
        }
    }

    private async Task<int?> ResolveAsync(string @namespace, string service, CancellationToken cancellationToken)
    {
        try
        {
            var found = await client.CoreV1.ReadNamespacedServiceAsync(service, @namespace, cancellationToken: cancellationToken);
            return found.Spec?.Selector is { Count: > 0 } selector ? runner.PortOfWorkerMatching(@namespace, selector) : null;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Copies as data arrives, flushing each read so a Server-Sent Event reaches the client at once.</summary>
    private static async Task CopyFlushingAsync(Stream source, HttpResponse destination, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await destination.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                await destination.Body.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
        catch (IOException)
        {
            // The worker went away (its Pod was deleted); the client sees the stream end.
        }
    }

    private static bool IsHopByHop(string header) =>
        header.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || header.Equals("Connection", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase);
}
