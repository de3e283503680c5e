using BroadcastOperator.SessionApi.Captions;
using BroadcastOperator.SessionApi.Hosting;
using BroadcastOperator.SessionApi.Options;
using BroadcastOperator.SessionApi.Sessions;
using BroadcastOperator.Shared.Model;
using BroadcastOperator.Shared.Signaling;
using Microsoft.Extensions.Options;
using Prometheus;

namespace BroadcastOperator.SessionApi.Credentials;

/// <summary>Turns a session's provisioned channel into a <see cref="ChannelAccessView"/> with fresh scoped credentials.</summary>
public sealed class ChannelAccessIssuer(SignalingCredentialProviders providers, IceServerIssuer iceServers, CaptionTickets captionTickets,
    IOptions<SessionApiOptions> options, ILogger<ChannelAccessIssuer> logger)
{
    private static readonly Counter Issued = Prometheus.Metrics.CreateCounter("sessionapi_signaling_credentials_issued_total",
        "Scoped signaling credentials issued", "role", "provider");

    public async Task<ChannelAccessView> IssueAsync(HttpRequest request, BroadcastSession session, string language, ChannelStatus? channel, ChannelRole role,
        string clientId, CancellationToken cancellationToken)
    {
        if (SessionViews.HasEnded(session))
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Session has ended",
                $"Session {session.Metadata.Name} is {SessionViews.PhaseOf(session)}");
        }
        if (channel?.Arn is not { } arn || !ChannelArn.TryParse(arn, out var parsedArn) || channel.Endpoints is not { } endpoints)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Session not ready",
                $"The {language} channel of session {session.Metadata.Name} is not provisioned yet (phase {SessionViews.PhaseOf(session)}); retry shortly")
            { RetryAfterSeconds = 2 };
        }
        var provider = session.Spec.ChannelProvider ?? ChannelProvider.Embedded;
        var credentials = await providers.For(provider).IssueAsync(new SignalingCredentialRequest(arn, role, clientId), cancellationToken);
        Issued.WithLabels(role.ToWire(), provider.ToString().ToLowerInvariant()).Inc();
        using (logger.BeginScope(new Dictionary<string, object> { ["session"] = session.Metadata.Name, ["language"] = language, ["peer"] = clientId }))
        {
            SessionApiLog.CredentialIssued(logger, role.ToWire(), credentials.Expiration);
        }
        var settings = options.Value;
        return new ChannelAccessView(session.Metadata.Name, language, arn, role.ToWire(), clientId, parsedArn.Region,
            new EndpointsView(endpoints.Wss, endpoints.Https),
            iceServers.For(clientId, credentials.Expiration),
            new CredentialsView(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, credentials.Expiration),
            CaptionLinks.For(request, settings, session.Metadata.Name, language, captionTickets.Issue(session.Metadata.Name, language)));
    }
}
