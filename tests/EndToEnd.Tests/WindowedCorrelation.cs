using BroadcastOperator.WebRtc.Tests.Browser;

namespace BroadcastOperator.EndToEnd.Tests;

/// <summary>
/// Envelope correlation that survives a glitch: a busy machine can stall a browser's capture or playout for a few
/// frames, which shifts everything after it and ruins one global alignment. Each 4-second window is aligned on its
/// own and the median window speaks for the recording.
/// </summary>
internal static class WindowedCorrelation
{
    private const int WindowFrames = 200; // 4 s of 20 ms frames

    public static double Median(IReadOnlyList<double> received, IReadOnlyList<double> loop)
    {
        var windows = Enumerable.Range(0, received.Count / WindowFrames)
            .Select(w => Envelopes.BestLoopCorrelation([.. received.Skip(w * WindowFrames).Take(WindowFrames)], loop))
            .Order().ToList();
        if (windows.Count == 0)
        {
            return 0;
        }
        var middle = windows.Count / 2;
        return windows.Count % 2 == 1 ? windows[middle] : (windows[middle - 1] + windows[middle]) / 2;
    }
}
