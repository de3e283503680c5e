using Microsoft.Extensions.Options;

namespace BroadcastOperator.MediaWorker.Options;

/// <summary>Binds <see cref="WorkerEnvironmentOptions"/> from configuration, validates them, and makes the <see cref="WorkerSettings"/> of them.</summary>
public static class WorkerSettingsRegistration
{
    /// <summary>Options validated at start (a bad environment stops the worker before it binds anything), and the settings made of them.</summary>
    public static IServiceCollection AddWorkerSettings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<WorkerEnvironmentOptions>, WorkerEnvironmentOptionsValidator>();
        services.AddOptions<WorkerEnvironmentOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton(provider => WorkerSettings.From(provider.GetRequiredService<IOptions<WorkerEnvironmentOptions>>().Value));
        return services;
    }

    /// <summary>
    /// The settings from a configuration without a host (a test, a tool): bound and validated as at start, and refused
    /// with an <see cref="InvalidOperationException"/> carrying every message, each naming its variable.
    /// </summary>
    public static WorkerSettings ReadWorkerSettings(this IConfiguration configuration)
    {
        var options = new WorkerEnvironmentOptions();
        configuration.Bind(options); // a value that is no number throws here, naming the variable
        var result = new WorkerEnvironmentOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
        return result.Failed ? throw new InvalidOperationException(result.FailureMessage) : WorkerSettings.From(options);
    }
}
