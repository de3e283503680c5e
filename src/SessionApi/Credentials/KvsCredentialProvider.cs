using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using BroadcastOperator.SessionApi.Hosting;
using BroadcastOperator.SessionApi.Options;
using BroadcastOperator.Shared.Model;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.SessionApi.Credentials;

/// <summary>
/// Credentials for Amazon KVS channels from STS: AssumeRole (or GetFederationToken without a role) with a session
/// policy limited to the channel and role (<see cref="KvsSessionPolicy"/>).
/// </summary>
public sealed class KvsCredentialProvider(Lazy<IAmazonSecurityTokenService> sts, IOptions<CredentialOptions> options)
    : ISignalingCredentialProvider
{
    public ChannelProvider Provider => ChannelProvider.Kvs;

    public async Task<IssuedCredentials> IssueAsync(SignalingCredentialRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var policy = KvsSessionPolicy.For(request.ChannelArn, request.Role);
        try
        {
            Amazon.SecurityToken.Model.Credentials credentials;
            if (settings.KvsRoleArn.Length > 0)
            {
                var response = await sts.Value.AssumeRoleAsync(new AssumeRoleRequest
                {
                    RoleArn = settings.KvsRoleArn,
                    RoleSessionName = StsName(request.ClientId, 64),
                    Policy = policy,
                    DurationSeconds = settings.KvsLifetimeSeconds,
                }, cancellationToken);
                credentials = response.Credentials;
            }
            else
            {
                var response = await sts.Value.GetFederationTokenAsync(new GetFederationTokenRequest
                {
                    Name = StsName(request.ClientId, 32),
                    Policy = policy,
                    DurationSeconds = settings.KvsLifetimeSeconds,
                }, cancellationToken);
                credentials = response.Credentials;
            }
            DateTime? expiration = credentials.Expiration;
            return new IssuedCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken,
                new DateTimeOffset(DateTime.SpecifyKind(expiration ?? DateTime.UtcNow, DateTimeKind.Utc)));
        }
        catch (AmazonSecurityTokenServiceException e)
        {
            throw new ApiProblemException(StatusCodes.Status502BadGateway, "AWS STS refused to issue credentials", e.Message, e);
        }
        catch (Exception e) when (e is HttpRequestException or Amazon.Runtime.AmazonClientException)
        {
            throw new ApiProblemException(StatusCodes.Status503ServiceUnavailable, "AWS STS unavailable", e.Message, e) { RetryAfterSeconds = 5 };
        }
    }

    /// <summary>STS session names allow `[\w+=,.@-]`, 2 to <paramref name="max"/> characters.</summary>
    public static string StsName(string clientId, int max)
    {
        var name = new string(clientId.Where(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '=' or ',' or '.' or '@' or '-').ToArray());
        name = name.Length > max ? name[..max] : name;
        return name.Length < 2 ? "broadcast-" + name : name;
    }
}
