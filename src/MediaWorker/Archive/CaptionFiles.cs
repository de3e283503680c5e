using System.Globalization;
using System.Text;

namespace BroadcastOperator.MediaWorker.Archive;

/// <summary>
/// The final captions of one language as WebVTT (W3C WebVTT: "WEBVTT" header, cues "hh:mm:ss.ttt --> hh:mm:ss.ttt") and as
/// SRT (numbered cues, "hh:mm:ss,ttt"), appended cue by cue and flushed, so a killed worker leaves both readable.
/// </summary>
public sealed class CaptionFiles : IDisposable
{
    private readonly StreamWriter _vtt;
    private readonly StreamWriter _srt;
    private int _cues;
    private TimeSpan _lastStart;

    public CaptionFiles(string vttPath, string srtPath)
    {
        _vtt = new StreamWriter(vttPath, append: false, new UTF8Encoding(false));
        _srt = new StreamWriter(srtPath, append: false, new UTF8Encoding(false));
        _vtt.Write("WEBVTT\n\n");
        _vtt.Flush();
    }

    public int Cues => _cues;

    /// <summary>The end of the last cue: how far the transcript reaches on the timeline.</summary>
    public TimeSpan End { get; private set; }

    public long VttBytes => _vtt.BaseStream.Length;

    public long SrtBytes => _srt.BaseStream.Length;

    /// <summary>Appends a cue; its start never goes before the previous cue's, so players see cues in time order.</summary>
    public void Add(TimeSpan start, TimeSpan end, string text)
    {
        var line = OneLine(text);
        if (line.Length == 0)
        {
            return;
        }
        start = start < _lastStart ? _lastStart : start;
        end = end <= start ? start + TimeSpan.FromMilliseconds(500) : end;
        _lastStart = start;
        End = end > End ? end : End;
        _cues++;
        _vtt.Write($"{_cues}\n{Time(start, '.')} --> {Time(end, '.')}\n{EscapeVtt(line)}\n\n");
        _srt.Write($"{_cues}\n{Time(start, ',')} --> {Time(end, ',')}\n{line}\n\n");
        _vtt.Flush();
        _srt.Flush();
    }

    public void Dispose()
    {
        _vtt.Dispose();
        _srt.Dispose();
    }

    /// <summary>A blank line would end the cue early; recognizers and translators may return several lines.</summary>
    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>WebVTT cue text: &amp; and &lt; start markup, and "-->" may not appear.</summary>
    private static string EscapeVtt(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    public static string Time(TimeSpan time, char fractionSeparator) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{(int)time.TotalHours:00}:{time.Minutes:00}:{time.Seconds:00}{fractionSeparator}{time.Milliseconds:000}");
}
