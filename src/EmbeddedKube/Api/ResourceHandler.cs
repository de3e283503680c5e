using System.Globalization;
using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Logs;
using BroadcastOperator.EmbeddedKube.Patching;
using BroadcastOperator.EmbeddedKube.Resources;
using BroadcastOperator.EmbeddedKube.Selectors;
using BroadcastOperator.EmbeddedKube.Storage;
using BroadcastOperator.EmbeddedKube.Tables;
using Microsoft.AspNetCore.Http;

namespace BroadcastOperator.EmbeddedKube.Api;

/// <summary>The verbs on one resource URL: get, list, watch, create, update, patch, delete, deletecollection.</summary>
public sealed class ResourceHandler(ObjectStore store, ResourceRegistry registry, WatchStreamer watches, PodLogStreamer podLogs)
{
    private static readonly HashSet<string> WriteMediaTypes = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"];
    private static readonly HashSet<string> PatchMediaTypes =
        ["application/merge-patch+json", "application/json-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"];

    public async Task HandleAsync(HttpContext context, ApiPath path)
    {
        var type = registry.Find(path.Group, path.Version, path.Plural)
            ?? throw ApiException.NotFound(path.Plural, null);
        if (type == BuiltinResources.Pods && path.Subresource == "log" && path.Name is not null && context.Request.Method == "GET")
        {
            await podLogs.StreamAsync(context, path.Namespace ?? "", path.Name);
            return;
        }
        if (path.Subresource is not (null or "status"))
        {
            throw ApiException.NotFound($"{path.Plural}/{path.Subresource}", null);
        }
        if (path.Subresource == "status" && !type.HasStatusSubresource)
        {
            throw ApiException.NotFound($"{path.Plural}/status", null);
        }
        var ns = type.Namespaced ? path.Namespace ?? "" : "";
        if (!type.Namespaced && path.Namespace is not null)
        {
            throw ApiException.NotFound(path.Plural, null);
        }
        var request = context.Request;
        var statusOnly = path.Subresource == "status";
        if (type.IsReview)
        {
            await ReviewAsync(context, type, path);
            return;
        }

        switch (request.Method, path.Name)
        {
            case ("GET", null) when ProtobufBody.OnlyProtobufAccepted(request):
                // Lists and watches are served as JSON only (see the README's known limits).
                throw NotAcceptable(type);
            case ("GET", null):
                var listOptions = ListOptions.Parse(request);
                if (listOptions.Watch)
                {
                    await watches.StreamAsync(context, type, ListFilter(type, path, request), listOptions);
                    return;
                }
                await ListAsync(context, type, path, request, listOptions);
                return;
            case ("GET", var name):
                var found = store.Get(type, ns, name!) ?? throw ApiException.NotFound(type.Plural, name, type.Group);
                await RespondAsync(context, 200, type, found);
                return;
            case ("POST", null):
                RequireNamespace(type, path);
                var createQuery = WriteQuery.Parse(request, "CreateOptions");
                var created = store.Create(type, ns, await ReadObjectAsync(context, type, WriteMediaTypes), createQuery.ToWriteOptions(FieldOwner.Update));
                await RespondAsync(context, 201, type, created);
                return;
            case ("PUT", var name):
                var updateQuery = WriteQuery.Parse(request, "UpdateOptions");
                var replaced = store.Update(type, ns, name!, await ReadObjectAsync(context, type, WriteMediaTypes), statusOnly, updateQuery.ToWriteOptions(FieldOwner.Update));
                await RespondAsync(context, 200, type, replaced);
                return;
            case ("PATCH", var name):
                await PatchAsync(context, type, ns, name!, statusOnly);
                return;
            case ("DELETE", var name) when name is not null:
                var deleted = store.Delete(type, ns, name, await ReadDeleteOptionsAsync(context));
                await RespondAsync(context, 200, type, deleted);
                return;
            case ("DELETE", null):
                await DeleteCollectionAsync(context, type, path, request);
                return;
            default:
                throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource ({request.Method} {request.Path})");
        }
    }

    private async Task ListAsync(HttpContext context, ResourceType type, ApiPath path, HttpRequest request, ListOptions options)
    {
        var page = store.List(ListFilter(type, path, request), options.Limit, options.Continue);
        if (options.ResourceVersionMatch == ListOptions.Exact && options.ResourceVersionNumber != page.ResourceVersion)
        {
            // Only the current state is kept; an exact older (or future) one cannot be served.
            throw ApiException.Gone($"too old resource version: {options.ResourceVersion} ({page.ResourceVersion})");
        }
        if (WantsTable(request))
        {
            await ResponseWriter.WriteJsonAsync(context, 200, TableRenderer.Render(type, page.Items, page.ResourceVersion, IncludeObject(request)));
            return;
        }
        var metadata = new JsonObject { ["resourceVersion"] = page.ResourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (page.Continue is not null)
        {
            metadata["continue"] = page.Continue;
            metadata["remainingItemCount"] = page.RemainingItemCount;
        }
        var list = new JsonObject
        {
            ["kind"] = type.ListKind,
            ["apiVersion"] = type.ApiVersion,
            ["metadata"] = metadata,
            ["items"] = new JsonArray(page.Items.Select(i => (JsonNode?)i).ToArray()),
        };
        await ResponseWriter.WriteJsonAsync(context, 200, list);
    }

    private async Task PatchAsync(HttpContext context, ResourceType type, string ns, string name, bool statusOnly)
    {
        var mediaType = (context.Request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var isApply = mediaType == "application/apply-patch+yaml";
        var query = WriteQuery.Parse(context.Request, "PatchOptions", isApply);
        var patch = await RequestBody.ReadAsync(context.Request, PatchMediaTypes, context.RequestAborted);
        var options = isApply
            ? query.ToWriteOptions(FieldOwner.Apply, patch as JsonObject)
            : query.ToWriteOptions(FieldOwner.Update);
        Func<JsonObject, JsonObject> apply = mediaType switch
        {
            "application/json-patch+json" => current => AsObject(JsonPatch.Apply(current, patch)),
            "application/strategic-merge-patch+json" when type.Schema is null => current => AsObject(StrategicMergePatch.Apply(current, patch)),
            "application/strategic-merge-patch+json" => throw new ApiException(415, "UnsupportedMediaType",
                "strategic merge patch is not supported for custom resources; use application/merge-patch+json"),
            _ => current => AsObject(JsonMergePatch.Apply(current, patch)),
        };
        if (isApply && store.Get(type, ns, name) is null)
        {
            RequireNamespace(type, new ApiPath(type.Group, type.Version, ns, type.Plural, name, null));
            var created = AsObject(patch.DeepClone());
            Meta.Of(created)["name"] = name;
            await RespondAsync(context, 201, type, store.Create(type, ns, created, options));
            return;
        }
        await RespondAsync(context, 200, type, store.Patch(type, ns, name, apply, statusOnly, options));
    }

    private async Task DeleteCollectionAsync(HttpContext context, ResourceType type, ApiPath path, HttpRequest request)
    {
        var options = await ReadDeleteOptionsAsync(context);
        var page = store.List(ListFilter(type, path, request), null, null);
        var deleted = new List<JsonObject>();
        foreach (var item in page.Items)
        {
            try
            {
                deleted.Add(store.Delete(type, Meta.Namespace(item), Meta.Name(item), options));
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Deleted meanwhile: nothing to do.
            }
        }
        var list = new JsonObject
        {
            ["kind"] = type.ListKind,
            ["apiVersion"] = type.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = store.CurrentResourceVersion.ToString(CultureInfo.InvariantCulture) },
            ["items"] = new JsonArray(deleted.Select(i => (JsonNode?)i).ToArray()),
        };
        await ResponseWriter.WriteJsonAsync(context, 200, list);
    }

    private void RequireNamespace(ResourceType type, ApiPath path)
    {
        if (type.Namespaced && string.IsNullOrEmpty(path.Namespace))
        {
            throw ApiException.MethodNotAllowed($"{type.Plural} must be created in a namespace");
        }
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext context, ResourceType type, IReadOnlySet<string> mediaTypes)
    {
        if (ProtobufBody.IsProtobuf(context.Request.ContentType))
        {
            return await ProtobufBody.ReadAsync(context.Request, type, context.RequestAborted);
        }
        return AsObject(await RequestBody.ReadAsync(context.Request, mediaTypes, context.RequestAborted));
    }

    private static async Task<DeleteOptions> ReadDeleteOptionsAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var dryRun = WriteQuery.Parse(context.Request, "DeleteOptions").DryRun;
        JsonNode? body = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            body = await RequestBody.ReadAsync(context.Request, WriteMediaTypes, context.RequestAborted);
        }
        return new DeleteOptions(
            body?["propagationPolicy"]?.GetValue<string>() ?? query["propagationPolicy"].FirstOrDefault()
                ?? (QueryParameters.Bool(context.Request, "orphanDependents") || body?["orphanDependents"]?.GetValue<bool>() == true ? "Orphan" : null),
            body?["preconditions"]?["uid"]?.GetValue<string>(),
            body?["preconditions"]?["resourceVersion"]?.GetValue<string>(),
            dryRun || body?["dryRun"] is JsonArray { Count: > 0 });
    }

    private static ObjectFilter ListFilter(ResourceType type, ApiPath path, HttpRequest request)
    {
        var fields = FieldSelector.Parse(request.Query["fieldSelector"]);
        return new ObjectFilter(type, type.Namespaced ? path.Namespace : null, LabelSelector.Parse(request.Query["labelSelector"]), fields);
    }

    private async Task RespondAsync(HttpContext context, int code, ResourceType type, JsonObject obj)
    {
        if (WantsTable(context.Request))
        {
            await ResponseWriter.WriteJsonAsync(context, code, TableRenderer.Render(type, [obj], Meta.ResourceVersion(obj), IncludeObject(context.Request)));
            return;
        }
        if (ProtobufBody.OnlyProtobufAccepted(context.Request))
        {
            if (!await ProtobufBody.TryWriteAsync(context, code, obj))
            {
                throw NotAcceptable(type);
            }
            return;
        }
        await ResponseWriter.WriteJsonAsync(context, code, obj);
    }

    private static ApiException NotAcceptable(ResourceType type) =>
        new(406, "NotAcceptable", $"only the following media types are accepted for {type.GroupResource}: application/json, application/yaml");

    private static JsonObject AsObject(JsonNode? node) =>
        node as JsonObject ?? throw ApiException.BadRequest("the request body must be a JSON object");

    /// <summary>A review is answered from its body, never stored (and so a dry run of one is no different).</summary>
    private static async Task ReviewAsync(HttpContext context, ResourceType type, ApiPath path)
    {
        if (context.Request.Method != "POST" || path.Name is not null)
        {
            throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource ({context.Request.Method} {context.Request.Path})");
        }
        WriteQuery.Parse(context.Request, "CreateOptions");
        var review = await ReadObjectAsync(context, type, WriteMediaTypes);
        var answer = AuthorizationReviews.Answer(type, review);
        if (!ProtobufBody.OnlyProtobufAccepted(context.Request) || !await ProtobufBody.TryWriteAsync(context, 201, answer))
        {
            await ResponseWriter.WriteJsonAsync(context, 201, answer);
        }
    }

    public static bool WantsTable(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("as=Table", StringComparison.Ordinal));

    public static string IncludeObject(HttpRequest request) => request.Query["includeObject"].FirstOrDefault() ?? "Metadata";
}
