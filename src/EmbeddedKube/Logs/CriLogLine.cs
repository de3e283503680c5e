using System.Globalization;

namespace BroadcastOperator.EmbeddedKube.Logs;

/// <summary>
/// One line of a container log file in the CRI logging format the kubelet reads:
/// <code>
/// 2026-12-05T10:00:00.123456789Z stdout F the message
/// └ RFC 3339, nanoseconds         │      │ └ content, without its newline
///                                 │      └ F: full line, P: partial (continues in the next line)
///                                 └ stream: stdout or stderr
/// </code>
/// </summary>
public readonly record struct CriLogLine(DateTimeOffset Time, string TimeText, string Stream, bool Partial, string Content)
{
    public static bool TryParse(string line, out CriLogLine parsed)
    {
        parsed = default;
        var first = line.IndexOf(' ', StringComparison.Ordinal);
        var second = first < 0 ? -1 : line.IndexOf(' ', first + 1);
        var third = second < 0 ? -1 : line.IndexOf(' ', second + 1);
        if (third < 0)
        {
            return false;
        }
        var timeText = line[..first];
        if (!DateTimeOffset.TryParse(timeText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return false;
        }
        var tag = line[(second + 1)..third];
        parsed = new CriLogLine(time, timeText, line[(first + 1)..second], tag == "P", line[(third + 1)..]);
        return true;
    }
}
