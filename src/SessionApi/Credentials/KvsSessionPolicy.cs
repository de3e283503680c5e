using System.Text.Json;
using BroadcastOperator.Shared.Signaling;

namespace BroadcastOperator.SessionApi.Credentials;

/// <summary>
/// The STS session policy for real KVS: the effective permissions are the intersection of the role's and this,
/// so the credential opens one channel in one role whatever the role itself allows.
/// </summary>
public static class KvsSessionPolicy
{
    public static string For(string channelArn, ChannelRole role)
    {
        var connect = role == ChannelRole.Master ? "kinesisvideo:ConnectAsMaster" : "kinesisvideo:ConnectAsViewer";
        var policy = new
        {
            Version = "2012-10-17",
            Statement = new[]
            {
                new
                {
                    Effect = "Allow",
                    Action = new[]
                    {
                        connect,
                        "kinesisvideo:DescribeSignalingChannel",
                        "kinesisvideo:GetSignalingChannelEndpoint",
                        "kinesisvideo:GetIceServerConfig",
                    },
                    Resource = channelArn,
                },
            },
        };
        return JsonSerializer.Serialize(policy);
    }
}
