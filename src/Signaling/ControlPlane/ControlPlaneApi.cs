using System.Text;
using System.Text.Json.Serialization.Metadata;
using BroadcastOperator.Shared.Kvs;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Signaling.Auth;
using BroadcastOperator.Signaling.Channels;
using BroadcastOperator.Signaling.Options;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.Signaling.ControlPlane;

/// <summary>
/// The KVS control-plane REST-JSON routes (POST, SigV4 header auth, service `kinesisvideo`), with
/// the paths of the AWS API: /createSignalingChannel, /describeSignalingChannel, … and
/// /TagResource, /UntagResource, /ListTagsForResource (capitalised, as AWS has them), plus
/// POST /v1/get-ice-server-config of the channel's HTTPS endpoint.
/// </summary>
public static class ControlPlaneApi
{
    public static IEndpointRouteBuilder MapKvsControlPlaneApi(this IEndpointRouteBuilder routes)
    {
        Map(routes, "/createSignalingChannel", KvsJsonContext.Default.CreateSignalingChannelRequest, Create);
        Map(routes, "/describeSignalingChannel", KvsJsonContext.Default.DescribeSignalingChannelRequest, Describe);
        Map(routes, "/listSignalingChannels", KvsJsonContext.Default.ListSignalingChannelsRequest, List);
        Map(routes, "/getSignalingChannelEndpoint", KvsJsonContext.Default.GetSignalingChannelEndpointRequest, GetEndpoint);
        Map(routes, "/deleteSignalingChannel", KvsJsonContext.Default.DeleteSignalingChannelRequest, Delete);
        Map(routes, "/updateSignalingChannel", KvsJsonContext.Default.UpdateSignalingChannelRequest, Update);
        Map(routes, "/TagResource", KvsJsonContext.Default.TagResourceRequest, TagResource);
        Map(routes, "/UntagResource", KvsJsonContext.Default.UntagResourceRequest, UntagResource);
        Map(routes, "/ListTagsForResource", KvsJsonContext.Default.ListTagsForResourceRequest, ListTags);
        Map(routes, "/v1/get-ice-server-config", KvsJsonContext.Default.GetIceServerConfigRequest, GetIceServerConfig);
        return routes;
    }

    private delegate IResult Handler<in T>(T request, object caller, HttpContext context, ChannelRegistry registry, SignalingOptions options);

    private static void Map<T>(IEndpointRouteBuilder routes, string path, JsonTypeInfo<T> typeInfo, Handler<T> handler)
        where T : class =>
        routes.MapPost(path, async (HttpContext context, KvsRequestReader reader, ChannelRegistry registry,
            IOptions<SignalingOptions> options) =>
        {
            var (request, caller, error) = await reader.ReadAsync(context, typeInfo);
            return error is not null ? error.ToResult() : handler(request!, caller!, context, registry, options.Value);
        });

    private static IResult Create(CreateSignalingChannelRequest request, object caller, HttpContext context,
        ChannelRegistry registry, SignalingOptions options)
    {
        if (!ChannelAccess.CanAdminister(caller))
        {
            return Denied();
        }
        if (!ChannelArn.IsValidChannelName(request.ChannelName))
        {
            return AwsError.InvalidArgument("ChannelName must match [a-zA-Z0-9_.-]+ and be 1 to 256 characters").ToResult();
        }
        if (request.ChannelType is not null and not SignalingChannel.SingleMaster)
        {
            return AwsError.InvalidArgument("Only ChannelType SINGLE_MASTER is supported").ToResult();
        }
        var ttl = request.SingleMasterConfiguration?.MessageTtlSeconds ?? SignalingChannel.DefaultMessageTtlSeconds;
        if (ttl is < 5 or > 120)
        {
            return AwsError.InvalidArgument("MessageTtlSeconds must be between 5 and 120").ToResult();
        }
        if (!TryReadTags(request.Tags, out var tags, out var tagError))
        {
            return tagError!.ToResult();
        }
        var result = registry.Create(request.ChannelName!, ttl, tags);
        return result.Error == ChannelRegistryError.None
            ? Json(new CreateSignalingChannelResponse(result.Channel!.ArnText), KvsJsonContext.Default.CreateSignalingChannelResponse)
            : Failure(result.Error, request.ChannelName!);
    }

    private static IResult Describe(DescribeSignalingChannelRequest request, object caller, HttpContext context,
        ChannelRegistry registry, SignalingOptions options)
    {
        if (request.ChannelName is null == request.ChannelARN is null)
        {
            return AwsError.InvalidArgument("Specify exactly one of ChannelName and ChannelARN").ToResult();
        }
        var channel = request.ChannelARN is not null ? registry.FindByArn(request.ChannelARN) : registry.FindByName(request.ChannelName!);
        if (channel is null)
        {
            // A scoped caller learns nothing about channels outside its scope.
            return ChannelAccess.CanAdminister(caller) ? NotFound(request.ChannelARN ?? request.ChannelName!) : Denied();
        }
        return ChannelAccess.CanUse(caller, channel.ArnText)
            ? Json(new DescribeSignalingChannelResponse(Info(channel)), KvsJsonContext.Default.DescribeSignalingChannelResponse)
            : Denied();
    }

    private static IResult List(ListSignalingChannelsRequest request, object caller, HttpContext context,
        ChannelRegistry registry, SignalingOptions options)
    {
        if (!ChannelAccess.CanAdminister(caller))
        {
            return Denied();
        }
        var max = request.MaxResults ?? 10_000;
        if (max is < 1 or > 10_000)
        {
            return AwsError.InvalidArgument("MaxResults must be between 1 and 10000").ToResult();
        }
        if (request.ChannelNameCondition is { } condition && condition.ComparisonOperator is not (null or "BEGINS_WITH"))
        {
            return AwsError.InvalidArgument("ComparisonOperator must be BEGINS_WITH").ToResult();
        }
        string? after = null;
        if (request.NextToken is { Length: > 0 } token)
        {
            try
            {
                after = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            }
            catch (FormatException)
            {
                return AwsError.InvalidArgument("NextToken is invalid").ToResult();
            }
        }
        var page = registry.List(request.ChannelNameCondition?.ComparisonValue, after, max + 1);
        var next = page.Count > max ? Convert.ToBase64String(Encoding.UTF8.GetBytes(page[max - 1].Name)) : null;
        return Json(new ListSignalingChannelsResponse(page.Take(max).Select(Info).ToList(), next),
            KvsJsonContext.Default.ListSignalingChannelsResponse);
    }

    private static IResult GetEndpoint(GetSignalingChannelEndpointRequest request, object caller, HttpContext context,
        ChannelRegistry registry, SignalingOptions options)
    {
        if (request.ChannelARN is null)
        {
            return AwsError.InvalidArgument("ChannelARN is required").ToResult();
        }
        var configuration = request.SingleMasterChannelEndpointConfiguration;
        var roleText = configuration?.Role ?? ChannelRoleNames.Master;
        if (!ChannelRoleNames.TryParse(roleText, out var role))
        {
            return AwsError.InvalidArgument("Role must be MASTER or VIEWER").ToResult();
        }
        var channel = registry.FindByArn(request.ChannelARN);
        if (channel is null)
        {
            return ChannelAccess.CanAdminister(caller) ? NotFound(request.ChannelARN) : Denied();
        }
        if (!ChannelAccess.CanUse(caller, channel.ArnText) || caller is ScopedCredentialClaims claims && claims.ChannelRole != role)
        {
            return Denied();
        }
        var protocols = configuration?.Protocols is { Count: > 0 } requested ? requested : ["WSS", "HTTPS"];
        var endpoints = new List<ResourceEndpointListItem>();
        var host = PublicHost(context, options);
        foreach (var protocol in protocols.Distinct())
        {
            switch (protocol)
            {
                case "WSS": endpoints.Add(new(protocol, "wss://" + host)); break;
                case "HTTPS": endpoints.Add(new(protocol, "https://" + host)); break;
                case "WEBRTC": endpoints.Add(new(protocol, "https://" + host)); break;
                default: return AwsError.InvalidArgument($"Unknown protocol '{protocol}'").ToResult();
            }
        }
        return Json(new GetSignalingChannelEndpointResponse(endpoints), KvsJsonContext.Default.GetSignalingChannelEndpointResponse);
    }

    private static IResult Delete(DeleteSignalingChannelRequest request, object caller, HttpContext context,
        ChannelRegistry registry, SignalingOptions options)
    {
        if (!ChannelAccess.CanAdminister(caller))
        {
            return Denied();
        }
        if (request.ChannelARN is null)
        {
            return AwsError.InvalidArgument("ChannelARN is required").ToResult();
        }
        var result = registry.Delete(request.ChannelARN, request.CurrentVersion);
        return result.Error == ChannelRegistryError.None ? Empty() : Failure(result.Error, request.ChannelARN);
    }

    private static IResult Update(UpdateSignalingChannelRequest request, object caller, HttpContext context,
        ChannelRegistry registry, SignalingOptions options)
    {
        if (!ChannelAccess.CanAdminister(caller))
        {
            return Denied();
        }
        if (request.ChannelARN is null || request.CurrentVersion is null)
        {
            return AwsError.InvalidArgument("ChannelARN and CurrentVersion are required").ToResult();
        }
        var ttl = request.SingleMasterConfiguration?.MessageTtlSeconds ?? SignalingChannel.DefaultMessageTtlSeconds;
        if (ttl is < 5 or > 120)
        {
            return AwsError.InvalidArgument("MessageTtlSeconds must be between 5 and 120").ToResult();
        }
        var result = registry.Update(request.ChannelARN, request.CurrentVersion, ttl);
        return result.Error == ChannelRegistryError.None ? Empty() : Failure(result.Error, request.ChannelARN);
    }

    private static IResult TagResource(TagResourceRequest request, object caller, HttpContext context,
        ChannelRegistry registry, SignalingOptions options)
    {
        if (!ChannelAccess.CanAdminister(caller))
        {
            return Denied();
        }
        if (request.ResourceARN is null || request.Tags is not { Count: > 0 })
        {
            return AwsError.InvalidArgument("ResourceARN and at least one tag are required").ToResult();
        }
        if (!TryReadTags(request.Tags, out var tags, out var error))
        {
            return error!.ToResult();
        }
        var result = registry.Tag(request.ResourceARN, tags);
        return result.Error == ChannelRegistryError.None ? Empty() : Failure(result.Error, request.ResourceARN);
    }

    private static IResult UntagResource(UntagResourceRequest request, object caller, HttpContext context,
        ChannelRegistry registry, SignalingOptions options)
    {
        if (!ChannelAccess.CanAdminister(caller))
        {
            return Denied();
        }
        if (request.ResourceARN is null || request.TagKeyList is not { Count: > 0 })
        {
            return AwsError.InvalidArgument("ResourceARN and TagKeyList are required").ToResult();
        }
        var result = registry.Untag(request.ResourceARN, request.TagKeyList);
        return result.Error == ChannelRegistryError.None ? Empty() : Failure(result.Error, request.ResourceARN);
    }

    private static IResult ListTags(ListTagsForResourceRequest request, object caller, HttpContext context,
        ChannelRegistry registry, SignalingOptions options)
    {
        if (request.ResourceARN is null)
        {
            return AwsError.InvalidArgument("ResourceARN is required").ToResult();
        }
        var channel = registry.FindByArn(request.ResourceARN);
        if (channel is null || !ChannelAccess.CanUse(caller, channel.ArnText))
        {
            return channel is null && ChannelAccess.CanAdminister(caller) ? NotFound(request.ResourceARN) : Denied();
        }
        return Json(new ListTagsForResourceResponse(new Dictionary<string, string>(channel.Tags), null),
            KvsJsonContext.Default.ListTagsForResourceResponse);
    }

    private static IResult GetIceServerConfig(GetIceServerConfigRequest request, object caller, HttpContext context,
        ChannelRegistry registry, SignalingOptions options)
    {
        if (request.ChannelARN is null)
        {
            return AwsError.InvalidArgument("ChannelARN is required").ToResult();
        }
        if (request.Service is not (null or "TURN"))
        {
            return AwsError.InvalidArgument("Service must be TURN").ToResult();
        }
        var channel = registry.FindByArn(request.ChannelARN);
        if (channel is null)
        {
            return ChannelAccess.CanAdminister(caller) ? NotFound(request.ChannelARN) : Denied();
        }
        if (!ChannelAccess.CanUse(caller, channel.ArnText))
        {
            return Denied();
        }
        var servers = context.RequestServices.GetRequiredService<IceServerConfig>().For(caller, request.ClientId);
        return Json(new GetIceServerConfigResponse(servers), KvsJsonContext.Default.GetIceServerConfigResponse);
    }

    private static bool TryReadTags(List<KvsTag>? list, out Dictionary<string, string> tags, out AwsError? error)
    {
        tags = new Dictionary<string, string>(StringComparer.Ordinal);
        error = null;
        foreach (var tag in list ?? [])
        {
            if (tag.Key is not { Length: > 0 and <= 128 } || tag.Value is null || tag.Value.Length > 256)
            {
                error = AwsError.InvalidArgument("Tag keys must be 1 to 128 characters and values at most 256");
                return false;
            }
            tags[tag.Key] = tag.Value;
        }
        if (tags.Count > ChannelRegistry.MaxTagsPerResource)
        {
            error = AwsError.TagLimit("A resource can have at most 50 tags");
            return false;
        }
        return true;
    }

    private static string PublicHost(HttpContext context, SignalingOptions options) =>
        options.PublicEndpoint.Length > 0 && Uri.TryCreate(options.PublicEndpoint, UriKind.Absolute, out var configured)
            ? configured.Authority
            : context.Request.Host.Value ?? "localhost";

    private static ChannelInfo Info(SignalingChannel channel) => new(channel.Name, channel.ArnText, channel.ChannelType,
        SignalingChannel.StatusActive, channel.CreationTime.ToUnixTimeMilliseconds() / 1000.0,
        new SingleMasterConfiguration(channel.MessageTtlSeconds), channel.Version);

    private static IResult Failure(ChannelRegistryError error, string subject) => (error switch
    {
        ChannelRegistryError.NotFound => AwsError.NotFound($"The requested channel is not found or not active: {subject}"),
        ChannelRegistryError.AlreadyExists => AwsError.InUse($"The signaling channel {subject} already exists"),
        ChannelRegistryError.VersionMismatch => AwsError.VersionMismatch("The version does not match the current version of the channel"),
        ChannelRegistryError.ChannelLimitExceeded => AwsError.AccountChannelLimit("The account has reached its signaling channel limit"),
        ChannelRegistryError.TagLimitExceeded => AwsError.TagLimit("A resource can have at most 50 tags"),
        _ => AwsError.InvalidArgument(subject),
    }).ToResult();

    private static IResult NotFound(string subject) => Failure(ChannelRegistryError.NotFound, subject);

    private static IResult Denied() => AwsError.AccessDenied("The credentials do not allow this action on this resource").ToResult();

    private static IResult Json<T>(T value, JsonTypeInfo<T> typeInfo) => TypedResults.Json(value, typeInfo);

    private static IResult Empty() => TypedResults.Json(new EmptyResponse(), KvsJsonContext.Default.EmptyResponse);
}
