namespace BroadcastOperator.Operator.Reconcile;

/// <summary>Condition types of a BroadcastSession.</summary>
public static class ConditionTypes
{
    public const string ChannelsReady = "ChannelsReady";
    public const string WorkerReady = "WorkerReady";
    public const string Ready = "Ready";

    /// <summary>The worker has flushed the session's archive (True), or teardown went on without it (False); set only on deletion of an archiving session.</summary>
    public const string Archived = "Archived";
}

/// <summary>Every reason the operator writes, in conditions and Events: CamelCase, one place.</summary>
public static class ConditionReasons
{
    public const string ChannelsCreated = "ChannelsCreated";
    public const string CreatingChannels = "CreatingChannels";
    public const string WorkerCreated = "WorkerCreated";
    public const string WorkerReplaced = "WorkerReplaced";
    public const string WorkerStarting = "WorkerStarting";
    public const string WorkerRunning = "WorkerRunning";
    public const string WorkerRestarting = "WorkerRestarting";
    public const string WaitingForChannels = "WaitingForChannels";
    public const string WaitingForMediaAddress = "WaitingForMediaAddress";
    public const string Ready = "Ready";
    public const string Provisioning = "Provisioning";
    public const string UnservedLanguagePair = "UnservedLanguagePair";
    public const string ProviderNotConfigured = "ProviderNotConfigured";
    public const string Failed = "Failed";
    public const string Expired = "Expired";
    public const string Terminating = "Terminating";
    public const string TornDown = "TornDown";
    public const string ChannelDeleted = "ChannelDeleted";
    public const string ArchiveFlushing = "ArchiveFlushing";
    public const string ArchiveFlushed = "ArchiveFlushed";
    public const string ArchiveTimedOut = "ArchiveTimedOut";
    public const string ArchiveFailed = "ArchiveFailed";
    public const string ArchiveNeverStarted = "ArchiveNeverStarted";
}
