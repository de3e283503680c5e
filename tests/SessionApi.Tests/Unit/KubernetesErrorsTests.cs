using System.Net;
using BroadcastOperator.SessionApi.Kubernetes;
using k8s.Autorest;

namespace BroadcastOperator.SessionApi.Tests.Unit;

public sealed class KubernetesErrorsTests
{
    [Theory]
    [InlineData(HttpStatusCode.Forbidden, 503)]
    [InlineData(HttpStatusCode.Unauthorized, 503)]
    [InlineData(HttpStatusCode.Conflict, 409)]
    [InlineData(HttpStatusCode.UnprocessableEntity, 422)]
    [InlineData(HttpStatusCode.NotFound, 404)]
    [InlineData(HttpStatusCode.TooManyRequests, 503)]
    [InlineData(HttpStatusCode.InternalServerError, 503)]
    [InlineData(HttpStatusCode.BadRequest, 502)]
    public void Kubernetes_answers_map_to_clear_statuses_never_500(HttpStatusCode kubeStatus, int expected)
    {
        var exception = new HttpOperationException("failed")
        {
            Response = new HttpResponseMessageWrapper(new HttpResponseMessage(kubeStatus),
                """{"kind":"Status","message":"broadcastsessions.broadcast.dev \"x\" is invalid: spec.targetLanguages: Too many"}"""),
        };

        var problem = KubernetesErrors.ToProblem(exception, "Creating session x");

        Assert.Equal(expected, problem.StatusCode);
        Assert.Contains("Creating session x", problem.Message);
        if (kubeStatus is HttpStatusCode.UnprocessableEntity or HttpStatusCode.Conflict)
        {
            Assert.Contains("Too many", problem.Message);
        }
    }

    [Fact]
    public void A_refused_connection_is_503_with_retry_after()
    {
        var problem = KubernetesErrors.ToProblem(new HttpRequestException("Connection refused"), "Listing sessions");

        Assert.Equal(503, problem.StatusCode);
        Assert.NotNull(problem.RetryAfterSeconds);
    }
}
