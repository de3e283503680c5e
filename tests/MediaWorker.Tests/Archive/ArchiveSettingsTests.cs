using BroadcastOperator.Shared.Worker;

namespace BroadcastOperator.MediaWorker.Tests.Archive;

/// <summary>What the worker archives comes from the variables the operator sets from spec.archive.</summary>
public sealed class ArchiveSettingsTests
{
    [Fact]
    public void Without_an_archive_folder_nothing_is_archived()
    {
        Assert.Null(AdvertisedSettingsTests.Read().Archive);
    }

    [Fact]
    public void The_variables_say_what_goes_into_the_folder()
    {
        var archive = AdvertisedSettingsTests.Read(
            (WorkerEnvironment.ArchiveDirectory, "/var/lib/broadcast/archive/ns/talk"),
            (WorkerEnvironment.ArchiveAudio, "source, translated"),
            (WorkerEnvironment.ArchiveRetentionDays, "9"),
            (WorkerEnvironment.SpeakerId, "alice")).Archive!;

        Assert.Equal("/var/lib/broadcast/archive/ns/talk", archive.Directory);
        Assert.True(archive.Transcripts);
        Assert.True(archive.SourceAudio && archive.TranslatedAudio);
        Assert.Equal(9, archive.RetentionDays);
        Assert.Equal("alice", archive.SpeakerId);

        var transcriptsOff = AdvertisedSettingsTests.Read((WorkerEnvironment.ArchiveDirectory, "/a"), (WorkerEnvironment.ArchiveTranscripts, "false")).Archive!;
        Assert.False(transcriptsOff.Transcripts);
        Assert.False(transcriptsOff.SourceAudio || transcriptsOff.TranslatedAudio);
    }

    [Theory]
    [InlineData(WorkerEnvironment.ArchiveAudio, "video")]
    [InlineData(WorkerEnvironment.ArchiveDirectory, "relative/folder")]
    public void A_bad_archive_variable_fails_the_start_naming_it(string variable, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            AdvertisedSettingsTests.Read((WorkerEnvironment.ArchiveDirectory, "/a"), (variable, value)));
        Assert.Contains(variable, error.Message);
    }
}
