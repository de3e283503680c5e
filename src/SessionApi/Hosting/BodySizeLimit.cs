using BroadcastOperator.SessionApi.Options;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.SessionApi.Hosting;

/// <summary>Refuses bodies over `SessionApi:MaxBodyBytes` with 413 before anything reads them.</summary>
public sealed class BodySizeLimit(RequestDelegate next, IOptions<SessionApiOptions> options, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = options.Value.MaxBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "Body too large",
                    Detail = $"Request bodies are limited to {limit} bytes",
                },
            });
            return;
        }
        // Bodies without a length (chunked) are cut off by the server at the same limit.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
        await next(context);
    }
}
