using BroadcastOperator.EmbeddedKube.Storage;
using Microsoft.Extensions.Logging;

namespace BroadcastOperator.EmbeddedKube;

/// <summary>The embedded API server's log lines, generated so a filtered-out level costs nothing.</summary>
internal static partial class EmbeddedKubeLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "unexpected failure on {Method} {Path}")]
    public static partial void UnexpectedRequestFailure(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "controller failed on {Type} {Key}")]
    public static partial void ControllerFailed(ILogger logger, Exception exception, string type, ObjectKey key);
}
