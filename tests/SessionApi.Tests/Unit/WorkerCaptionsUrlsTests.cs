using BroadcastOperator.SessionApi.Captions;
using BroadcastOperator.SessionApi.Options;
using BroadcastOperator.Shared.Model;
using k8s.Models;

namespace BroadcastOperator.SessionApi.Tests.Unit;

public sealed class WorkerCaptionsUrlsTests
{
    private static BroadcastSession Session(string? service) => new()
    {
        Metadata = new V1ObjectMeta { Name = "bright-river-042", NamespaceProperty = "talks" },
        Spec = new BroadcastSessionSpec { SourceLanguage = "en", TargetLanguages = ["es"] },
        Status = service is null ? null : new BroadcastSessionStatus { Worker = new WorkerStatus { Service = service } },
    };

    [Fact]
    public void Service_name_from_the_status_fills_the_template()
    {
        var url = WorkerCaptionsUrls.For(Session("bright-river-042-worker"), "es", new SessionApiOptions());

        Assert.Equal("http://bright-river-042-worker.talks.svc:8080/captions?language=es", url);
    }

    [Fact]
    public void Local_runner_template_routes_through_its_service_proxy()
    {
        var options = new SessionApiOptions { WorkerServiceUrlTemplate = "http://127.0.0.1:8090/{namespace}/{service}" };

        Assert.Equal("http://127.0.0.1:8090/talks/w/captions?language=es", WorkerCaptionsUrls.For(Session("w"), "es", options));
    }

    [Fact]
    public void Without_a_worker_service_the_base_url_is_used()
    {
        var options = new SessionApiOptions { CaptionsBaseUrl = "http://captions.{namespace}/{session}/" };

        Assert.Equal("http://captions.talks/bright-river-042/captions?language=ca", WorkerCaptionsUrls.For(Session(null), "ca", options));
    }
}
