using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Resources;
using BroadcastOperator.EmbeddedKube.Storage;
using BroadcastOperator.EmbeddedKube.Tables;
using Microsoft.AspNetCore.Http;

namespace BroadcastOperator.EmbeddedKube.Api;

/// <summary>
/// Streams a watch as newline-delimited <c>{"type","object"}</c> events. Bookmarks are sent when
/// the stream is idle and asked for; a resourceVersion older than the event log gets an ERROR
/// event carrying a 410 Status, as a real API server sends it.
/// </summary>
public sealed class WatchStreamer(ObjectStore store, TimeSpan bookmarkInterval)
{
    /// <summary>Annotation on the bookmark that ends the initial events of a watch with sendInitialEvents=true.</summary>
    public const string InitialEventsEndAnnotation = "k8s.io/initial-events-end";

    public async Task StreamAsync(HttpContext context, ResourceType type, ObjectFilter filter, ListOptions options)
    {
        var request = context.Request;
        var from = options.ResourceVersionNumber;
        var bookmarks = options.AllowWatchBookmarks;
        var table = ResourceHandler.WantsTable(request);
        var includeObject = ResourceHandler.IncludeObject(request);
        var timeout = options.WatchTimeout;
        // Without sendInitialEvents a watch with no resourceVersion (or "0") starts with the current state, as kube-apiserver's does.
        var sendInitialState = options.SendInitialEvents ?? from is null;

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-cache, private";

        WatchSubscription subscription;
        try
        {
            subscription = store.Watch(filter, from, sendInitialState, markInitialStateEnd: options.SendInitialEvents == true);
        }
        catch (ApiException gone) when (gone.Code == 410)
        {
            await WriteEventAsync(context, WatchEvent.Error, gone.ToStatus());
            return;
        }

        using (subscription)
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted))
        {
            deadline.CancelAfter(timeout);
            await context.Response.Body.FlushAsync(deadline.Token);
            var sentColumns = false;
            try
            {
                while (!deadline.IsCancellationRequested)
                {
                    var idleVersion = store.CurrentResourceVersion;
                    var waitTask = subscription.Events.WaitToReadAsync(deadline.Token).AsTask();
                    var winner = bookmarks ? await Task.WhenAny(waitTask, Task.Delay(bookmarkInterval, deadline.Token)) : await Task.WhenAny(waitTask);
                    if (winner != waitTask)
                    {
                        if (subscription.Events.Count == 0)
                        {
                            await WriteEventAsync(context, WatchEvent.Bookmark, Bookmark(type, idleVersion));
                        }
                        continue;
                    }
                    if (!await waitTask)
                    {
                        return;
                    }
                    while (subscription.Events.TryRead(out var change))
                    {
                        if (change.Type == WatchEvent.Bookmark)
                        {
                            await WriteEventAsync(context, WatchEvent.Bookmark, Bookmark(type, change.ResourceVersion, endsInitialEvents: true));
                            continue;
                        }
                        var body = table
                            ? TableRenderer.Render(type, [change.Object], change.ResourceVersion, includeObject, withColumns: !sentColumns)
                            : change.Object;
                        sentColumns = true;
                        await WriteEventAsync(context, change.Type, body);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Timeout or client gone: the watch simply ends.
            }
            catch (InvalidOperationException)
            {
                // The reader fell behind and the subscription closed: ending the stream makes the client re-list.
            }
        }
    }

    private static JsonObject Bookmark(ResourceType type, long resourceVersion, bool endsInitialEvents = false)
    {
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (endsInitialEvents)
        {
            metadata["annotations"] = new JsonObject { [InitialEventsEndAnnotation] = "true" };
        }
        return new JsonObject { ["kind"] = type.Kind, ["apiVersion"] = type.ApiVersion, ["metadata"] = metadata };
    }

    private static async Task WriteEventAsync(HttpContext context, string type, JsonNode body)
    {
        var line = "{\"type\":\"" + type + "\",\"object\":" + ResponseWriter.Serialize(body) + "}\n";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
