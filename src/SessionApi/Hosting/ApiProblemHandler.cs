using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace BroadcastOperator.SessionApi.Hosting;

/// <summary>Writes <see cref="ApiProblemException"/> as RFC 7807 ProblemDetails instead of a bare 500.</summary>
public sealed class ApiProblemHandler(IProblemDetailsService problems, ILogger<ApiProblemHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not ApiProblemException problem)
        {
            return false;
        }
        if (problem.StatusCode >= StatusCodes.Status500InternalServerError)
        {
            SessionApiLog.RequestProblem(logger, problem.StatusCode, problem.Message);
        }
        context.Response.StatusCode = problem.StatusCode;
        if (problem.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = problem.StatusCode, Title = problem.Title, Detail = problem.Message },
        });
    }
}
