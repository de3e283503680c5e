using BroadcastOperator.SessionApi.Auth;
using BroadcastOperator.SessionApi.Options;
using BroadcastOperator.SessionApi.Sessions;
using BroadcastOperator.Shared.Archive;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.SessionApi.Archive;

/// <summary>
/// A session's archive, for its speaker and admins, during the session and after it (the CR may be long gone: who may
/// read comes from the manifest): GET /sessions/{id}/archive (the manifest) and GET /sessions/{id}/archive/{file}
/// (streamed with HTTP range requests, or a redirect to a presigned S3 URL in AWS mode).
/// </summary>
public static class ArchiveApi
{
    public static IEndpointRouteBuilder MapArchiveApi(this IEndpointRouteBuilder routes)
    {
        var archive = routes.MapGroup("/sessions/{id}/archive").WithTags("Archive").RequireAuthorization();
        archive.MapGet("/", GetManifestAsync).WithName("GetSessionArchive");
        archive.MapGet("/{file}", GetFileAsync).WithName("GetSessionArchiveFile");
        return routes;
    }

    private static async Task<Results<Ok<ArchiveView>, ProblemHttpResult>> GetManifestAsync(string id, HttpContext context, IArchiveStore store,
        IOptions<SessionApiOptions> options, CancellationToken cancellationToken)
    {
        var (manifest, problem) = await ReadableManifestAsync(id, context, store, options.Value, cancellationToken);
        if (manifest is null)
        {
            return problem!;
        }
        // In AWS mode each file's URL is its presigned one: a browser downloads it without our token.
        var direct = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in manifest.Files.Where(f => ArchiveFileNames.IsSafe(f.Name)))
        {
            if (await store.LocateAsync(options.Value.Namespace, id, file, cancellationToken) is ArchiveDownload.Redirect redirect)
            {
                direct[file.Name] = redirect.Url.AbsoluteUri;
            }
        }
        return TypedResults.Ok(ArchiveView.From(manifest, direct));
    }

    private static async Task<Results<PhysicalFileHttpResult, RedirectHttpResult, ProblemHttpResult>> GetFileAsync(string id, string file,
        HttpContext context, IArchiveStore store, IOptions<SessionApiOptions> options, CancellationToken cancellationToken)
    {
        if (!ArchiveFileNames.IsSafe(file))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid file name",
                detail: "An archive file name is letters, digits, '.', '-' and '_' only, as the archive lists it");
        }
        var (manifest, problem) = await ReadableManifestAsync(id, context, store, options.Value, cancellationToken);
        if (manifest is null)
        {
            return problem!;
        }
        var listed = manifest.Find(file);
        var download = listed is null ? null : await store.LocateAsync(options.Value.Namespace, id, listed, cancellationToken);
        return download switch
        {
            ArchiveDownload.LocalFile local => TypedResults.PhysicalFile(local.Path, listed!.ContentType, fileDownloadName: listed.Name,
                enableRangeProcessing: true),
            ArchiveDownload.Redirect redirect => TypedResults.Redirect(redirect.Url.AbsoluteUri),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Archive file not found",
                detail: $"The archive of '{id}' has no file '{file}'"),
        };
    }

    /// <summary>The manifest when the caller may read it (the session's speaker or an admin), else the problem that says why not.</summary>
    private static async Task<(ArchiveManifest? Manifest, ProblemHttpResult? Problem)> ReadableManifestAsync(string id, HttpContext context,
        IArchiveStore store, SessionApiOptions options, CancellationToken cancellationToken)
    {
        var manifest = SessionNames.IsWellFormed(id) ? await store.GetManifestAsync(options.Namespace, id, cancellationToken) : null;
        if (manifest is null)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Archive not found", detail: $"Session '{id}' has no archive"));
        }
        var caller = CallerIdentity.From(context.User);
        if (!caller.IsAdmin && (caller.Subject is null || caller.Subject != manifest.SpeakerId))
        {
            return (null, SessionAccess.Forbidden("Only the session's speaker or an admin may read its archive"));
        }
        return (manifest, null);
    }
}
