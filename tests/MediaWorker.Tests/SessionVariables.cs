using BroadcastOperator.Shared.Worker;

namespace BroadcastOperator.MediaWorker.Tests;

/// <summary>The variables the operator sets for a one-language session "team/talk" (en → es), for tests to add to.</summary>
internal static class SessionVariables
{
    public static Dictionary<string, string> For(string sourceChannelWss) => new()
    {
        [WorkerEnvironment.SessionName] = "talk",
        [WorkerEnvironment.SessionNamespace] = "team",
        [WorkerEnvironment.SourceLanguage] = "en",
        [WorkerEnvironment.TargetLanguages] = "es",
        [WorkerEnvironment.SourceChannelName] = "team_talk_source",
        [WorkerEnvironment.SourceChannelArn] = "arn:aws:kinesisvideo:us-east-1:0:channel/team_talk_source/1",
        [WorkerEnvironment.SourceChannelWss] = sourceChannelWss,
        [WorkerEnvironment.LanguageChannels] = "[]",
    };
}
