using System.Net;
using BroadcastOperator.Shared.Worker;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.MediaWorker.Options;

/// <summary>
/// Refuses to start with an environment that cannot work, each message naming the variable and the value, so a broken
/// Pod says why in its log. A value that is no number at all is refused earlier, by the configuration binder, which
/// names the variable too.
/// </summary>
public sealed class WorkerEnvironmentOptionsValidator : IValidateOptions<WorkerEnvironmentOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkerEnvironmentOptions options)
    {
        var errors = new List<string>();
        errors.AddRange(MissingRequired(options));
        if (Present(options.SourceChannelWss) is { } wss && !EnvironmentValues.TryParseAbsoluteUri(wss, out _))
        {
            errors.Add(EnvironmentValues.NoAbsoluteUrl(WorkerEnvironment.SourceChannelWss, wss));
        }
        if (Present(options.LanguageChannels) is { } channels && !EnvironmentValues.TryParseLanguageChannels(channels, out _, out var channelsError))
        {
            errors.Add(channelsError);
        }
        if (Present(options.Voices) is { } voices && !EnvironmentValues.TryParseVoices(voices, out _, out var voicesError))
        {
            errors.Add(voicesError);
        }
        if (Present(options.MediaAddress) is { } address && !IPAddress.TryParse(address, out _))
        {
            errors.Add($"{WorkerEnvironment.MediaAddress}={address} is not an IP address");
        }
        if (Present(options.MediaAdvertisedAddress) is { } advertised && !EnvironmentValues.IsHostName(advertised))
        {
            errors.Add($"{WorkerEnvironment.MediaAdvertisedAddress}={advertised} is neither an IP address nor a DNS name");
        }
        errors.AddRange(OutOfRange(options));
        if (EnvironmentValues.Present(options.ArchiveAudio) is { } audio
            && EnvironmentValues.SplitList(audio).FirstOrDefault(t => t is not ("source" or "translated")) is { } track)
        {
            errors.Add($"{WorkerEnvironment.ArchiveAudio}: {track} is not an audio track (source, translated)");
        }
        if (EnvironmentValues.Present(options.ArchiveS3Encryption) is { } sse && sse is not ("AES256" or "aws:kms"))
        {
            errors.Add($"{WorkerEnvironment.ArchiveS3Encryption}={sse} is not AES256 or aws:kms");
        }
        if (EnvironmentValues.Present(options.ArchiveS3Bucket) is not null && EnvironmentValues.Present(options.ArchiveDirectory) is null)
        {
            errors.Add($"{WorkerEnvironment.ArchiveS3Bucket} needs {WorkerEnvironment.ArchiveDirectory}: the files are written there, then uploaded");
        }
        if (EnvironmentValues.Present(options.ArchiveDirectory) is { } directory && !Path.IsPathFullyQualified(directory))
        {
            errors.Add($"{WorkerEnvironment.ArchiveDirectory}={directory} is not an absolute path");
        }
        if (EnvironmentValues.Present(options.ExpressionEnabled) is { } enabled && enabled is not ("true" or "false" or "1" or "0"))
        {
            errors.Add($"{WorkerEnvironment.ExpressionEnabled}={enabled} is not true or false");
        }
        if (EnvironmentValues.Present(options.ExpressionIntensity) is { } intensity
            && (!double.TryParse(intensity, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
                || double.IsNaN(value) || value is < 0 or > 2))
        {
            errors.Add($"{WorkerEnvironment.ExpressionIntensity}={intensity} is not a number within 0..2");
        }
        errors.AddRange(options.QualityThresholds().Select(t => t.Threshold.Check(t.Threshold.Variable, t.Value)).OfType<string>());
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static IEnumerable<string> MissingRequired(WorkerEnvironmentOptions options)
    {
        var required = new (string Variable, string? Value)[]
        {
            (WorkerEnvironment.SessionName, options.SessionName),
            (WorkerEnvironment.SessionNamespace, options.SessionNamespace),
            (WorkerEnvironment.SourceLanguage, options.SourceLanguage),
            (WorkerEnvironment.TargetLanguages, options.TargetLanguages),
            (WorkerEnvironment.SourceChannelName, options.SourceChannelName),
            (WorkerEnvironment.SourceChannelArn, options.SourceChannelArn),
            (WorkerEnvironment.SourceChannelWss, options.SourceChannelWss),
            (WorkerEnvironment.LanguageChannels, options.LanguageChannels),
        };
        return required.Where(r => Present(r.Value) is null).Select(r => $"{r.Variable} is not set");
    }

    private static IEnumerable<string> OutOfRange(WorkerEnvironmentOptions options)
    {
        if (options.MaxListeners is < 0)
        {
            yield return $"{WorkerEnvironment.MaxListeners}={options.MaxListeners} must not be negative";
        }
        if (options.HttpPort is < 0 or > IPEndPoint.MaxPort)
        {
            yield return $"{WorkerEnvironment.HttpPort}={options.HttpPort} is not a TCP port";
        }
        if (options.MediaPort is < 0 or > IPEndPoint.MaxPort)
        {
            yield return $"{WorkerEnvironment.MediaPort}={options.MediaPort} is not a UDP port";
        }
        if (options.MediaAdvertisedPort is < 0 or > IPEndPoint.MaxPort)
        {
            yield return $"{WorkerEnvironment.MediaAdvertisedPort}={options.MediaAdvertisedPort} is not a UDP port";
        }
        if (options.ConsentTimeoutSeconds is < 0)
        {
            yield return $"{WorkerEnvironment.ConsentTimeoutSeconds}={options.ConsentTimeoutSeconds} must not be negative";
        }
        if (options.SpeakerGraceSeconds is < 0)
        {
            yield return $"{WorkerEnvironment.SpeakerGraceSeconds}={options.SpeakerGraceSeconds} must not be negative";
        }
        if (options.OfferLifetimeSeconds is < 1)
        {
            yield return $"{WorkerEnvironment.OfferLifetimeSeconds}={options.OfferLifetimeSeconds} must be at least 1";
        }
    }

    private static string? Present(string? value) => EnvironmentValues.Present(value);
}
