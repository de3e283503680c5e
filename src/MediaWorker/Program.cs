using BroadcastOperator.Aws;
using BroadcastOperator.MediaWorker;
using BroadcastOperator.MediaWorker.Captions;
using BroadcastOperator.MediaWorker.Configuration;
using BroadcastOperator.MediaWorker.Hosting;
using k8s;
using Prometheus;

// One MediaWorker per session, configured by the environment its Pod gets from the operator.
var settings = WorkerSettings.FromEnvironment(Environment.GetEnvironmentVariable);
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls(Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? $"http://0.0.0.0:{settings.HttpPort}");
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton<IAwsCredentialsSource>(_ => new AwsSdkCredentialsSource());
builder.Services.AddSingleton<IKubernetes>(_ => new Kubernetes(KubernetesClientConfiguration.IsInCluster()
    ? KubernetesClientConfiguration.InClusterConfig()
    : KubernetesClientConfiguration.BuildDefaultConfig()));
builder.Services.AddSingleton<CaptionHub>();
builder.Services.AddSingleton<WorkerMetrics>();
builder.Services.AddSingleton<WorkerHost>();
builder.Services.AddHostedService(services => services.GetRequiredService<WorkerHost>());

var app = builder.Build();
app.MapGet("/healthz", () => TypedResults.Text("ok"));
app.MapGet("/readyz", (WorkerHost host) => host.Ready ? Results.Text("ready") : Results.Text("waiting for signaling and media", statusCode: 503));
app.MapMetrics("/metrics");
app.MapCaptionsApi();
app.Run();
