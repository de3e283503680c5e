using BroadcastOperator.EmbeddedKube.Logs;
using BroadcastOperator.LocalRunner;

namespace BroadcastOperator.EmbeddedKube.Tests.Unit;

/// <summary>The log files the local runner writes and the API server reads: one contract, two sides.</summary>
public sealed class ContainerLogWriterTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("container-logs-").FullName;

    [Fact]
    public void A_log_past_its_bound_is_rotated_keeping_one_older_file()
    {
        using (var writer = new ContainerLogWriter(_root, "ns", "pod", "uid-1", "c", restartCount: 2, maxBytes: 400))
        {
            for (var i = 0; i < 50; i++)
            {
                writer.Write(i % 2 == 0 ? "stdout" : "stderr", $"line {i}");
            }
        }

        var files = new PodLogDirectory(_root).FilesOfRun("ns", "pod", "uid-1", "c", 2);
        Assert.Equal(["2.log.1", "2.log"], files.Select(Path.GetFileName));
        Assert.All(files, f => Assert.True(new FileInfo(f).Length <= 400));
        Assert.Equal(2, Directory.GetFiles(Path.GetDirectoryName(files[0])!).Length);
        var last = File.ReadAllLines(files[1])[^1];
        Assert.True(CriLogLine.TryParse(last, out var parsed));
        Assert.Equal(("stderr", false, "line 49"), (parsed.Stream, parsed.Partial, parsed.Content));
        Assert.True(DateTimeOffset.UtcNow - parsed.Time < TimeSpan.FromMinutes(1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-12-05T10:00:00Z stdout")]
    [InlineData("yesterday stdout F text")]
    public void A_line_not_in_the_CRI_format_is_not_parsed(string line) => Assert.False(CriLogLine.TryParse(line, out _));

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
