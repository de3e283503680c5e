namespace BroadcastOperator.Aws;

/// <summary>
/// One AWS service as data for <see cref="AwsJsonClient"/>: its SigV4 signing name, the host prefix of its regional
/// endpoint (`https://{prefix}.{region}.amazonaws.com`) and its JSON protocol.
/// </summary>
public sealed record AwsJsonService(string SigningName, string EndpointPrefix, AwsJsonProtocol Protocol)
{
    public Uri RegionalEndpoint(string region) => new($"https://{EndpointPrefix}.{region}.amazonaws.com/");
}
