using BroadcastOperator.SessionApi.Hosting;
using BroadcastOperator.SessionApi.Options;
using k8s;
using k8s.Exceptions;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.SessionApi.Kubernetes;

/// <summary>
/// Builds the Kubernetes client on first use, so the service starts (and says 503 on /readyz) even while the
/// API server or its kubeconfig is not there yet.
/// </summary>
public sealed class KubernetesClientProvider(IOptions<SessionApiOptions> options, IHostEnvironment environment) : IDisposable
{
    private readonly Lock _gate = new();
    private k8s.Kubernetes? _client;

    public IKubernetes Client
    {
        get
        {
            lock (_gate)
            {
                return _client ??= new k8s.Kubernetes(LoadConfiguration());
            }
        }
    }

    private KubernetesClientConfiguration LoadConfiguration()
    {
        try
        {
            var path = options.Value.Kubeconfig;
            if (path.Length == 0 && KubernetesClientConfiguration.IsInCluster())
            {
                return KubernetesClientConfiguration.InClusterConfig();
            }
            path = path.Length == 0 ? Path.Combine(".local", "kubeconfig") : path;
            var fullPath = Path.IsPathRooted(path) ? path : Path.Combine(environment.ContentRootPath, path);
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(fullPath);
        }
        catch (Exception e) when (e is KubeConfigException or IOException)
        {
            throw new ApiProblemException(StatusCodes.Status503ServiceUnavailable, "Kubernetes API unavailable",
                $"No usable Kubernetes configuration: {e.Message}", e)
            { RetryAfterSeconds = 5 };
        }
    }

    public void Dispose() => _client?.Dispose();
}
