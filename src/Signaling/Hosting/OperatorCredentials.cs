using System.Security.Cryptography;
using BroadcastOperator.Aws;
using BroadcastOperator.Signaling.Options;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.Signaling.Hosting;

/// <summary>The static control-plane credentials: configured, or generated at start and written out for AWS tools.</summary>
public sealed class OperatorCredentials
{
    public OperatorCredentials(IOptions<SignalingOptions> settings, ILogger<OperatorCredentials> logger)
    {
        var options = settings.Value;
        Credentials = options.AccessKeyId.Length > 0 && options.SecretAccessKey.Length > 0
            ? new AwsCredentials(options.AccessKeyId, options.SecretAccessKey)
            : new AwsCredentials("AKIA" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
                Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)));
        if (options.CredentialsFile.Length > 0)
        {
            SharedCredentialsProfile.Write(options.CredentialsFile, options.CredentialsProfile, Credentials, options.Region);
            SignalingLog.CredentialsWritten(logger, options.CredentialsFile, options.CredentialsProfile);
        }
    }

    public AwsCredentials Credentials { get; }
}
