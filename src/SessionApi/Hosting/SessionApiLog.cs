namespace BroadcastOperator.SessionApi.Hosting;

/// <summary>Source-generated log messages; session, language and peer come from scopes.</summary>
public static partial class SessionApiLog
{
    [LoggerMessage(1, LogLevel.Information, "Session created for speaker {SpeakerHash}: {Source} -> {Targets}")]
    public static partial void SessionCreated(ILogger logger, string speakerHash, string source, string targets);

    [LoggerMessage(2, LogLevel.Information, "Session deleted by {CallerHash}")]
    public static partial void SessionDeleted(ILogger logger, string callerHash);

    [LoggerMessage(3, LogLevel.Information, "Issued {Role} credentials valid until {Expiration:o}")]
    public static partial void CredentialIssued(ILogger logger, string role, DateTimeOffset expiration);

    [LoggerMessage(4, LogLevel.Warning, "Request failed with {Status}: {Detail}")]
    public static partial void RequestProblem(ILogger logger, int status, string detail);

    [LoggerMessage(5, LogLevel.Warning, "Session name {Name} was taken; trying another")]
    public static partial void NameTaken(ILogger logger, string name);
}
