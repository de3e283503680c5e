using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace BroadcastOperator.Operator.Tests.Support;

/// <summary>
/// Sits between an operator's KubernetesClient and the API server and misbehaves on request:
/// 409 Conflict on the first write to each object, a storm of 409s on every status write, failing
/// status writes, cut and refused watches.
/// </summary>
public sealed class FaultInjectingHandler : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, bool> _conflicted = new();
    private CancellationTokenSource _cut = new();
    private volatile bool _watchesBlocked;
    private volatile bool _statusStorm;
    private int _statusConflicts;

    /// <summary>Answer 409 to the first write (PUT/PATCH/DELETE) of each object path.</summary>
    public bool ConflictOnFirstWrite { get; set; }

    /// <summary>Status writes fail with 500, as if the operator died right before writing status.</summary>
    public bool FailStatusWrites { get; set; }

    public int ConflictsInjected => _conflicted.Count;

    /// <summary>Status writes answered 409 by the storm so far.</summary>
    public int StatusConflicts => Volatile.Read(ref _statusConflicts);

    /// <summary>From now on every status write is answered 409, as when many writers fight over one object.</summary>
    public void StartStatusConflictStorm() => _statusStorm = true;

    /// <summary>Lets status writes through again; returns how many the storm answered with 409.</summary>
    public int EndStatusConflictStorm()
    {
        _statusStorm = false;
        return StatusConflicts;
    }

    /// <summary>Cuts every open watch and refuses new ones until <see cref="ResumeWatches"/>.</summary>
    public void CutWatches()
    {
        _watchesBlocked = true;
        Interlocked.Exchange(ref _cut, new CancellationTokenSource()).Cancel();
    }

    public void ResumeWatches() => _watchesBlocked = false;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var isWatch = request.RequestUri.Query.Contains("watch=true", StringComparison.OrdinalIgnoreCase);
        if (isWatch && _watchesBlocked)
        {
            throw new HttpRequestException("watch refused by the test");
        }
        if (FailStatusWrites && request.Method == HttpMethod.Patch && path.EndsWith("/status", StringComparison.Ordinal))
        {
            return Status(HttpStatusCode.InternalServerError, "InternalError", "status writes fail in this test");
        }
        if (_statusStorm && request.Method == HttpMethod.Patch && path.EndsWith("/status", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _statusConflicts);
            return Status(HttpStatusCode.Conflict, "Conflict", "the object has been modified; please apply your changes to the latest version and try again");
        }
        var isWrite = request.Method == HttpMethod.Put || request.Method == HttpMethod.Patch || request.Method == HttpMethod.Delete;
        if (ConflictOnFirstWrite && isWrite && !path.Contains("/leases/", StringComparison.Ordinal) && _conflicted.TryAdd(request.Method + " " + path, true))
        {
            return Status(HttpStatusCode.Conflict, "Conflict", "the object has been modified; please apply your changes to the latest version and try again");
        }
        var response = await base.SendAsync(request, cancellationToken);
        if (isWatch)
        {
            // Reads of the watch stream fail once the test cuts it, like a dropped connection.
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var headers = response.Content.Headers.ToList();
            response.Content = new StreamContent(new CuttableStream(stream, _cut.Token));
            foreach (var header in headers)
            {
                response.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
        return response;
    }

    private static HttpResponseMessage Status(HttpStatusCode code, string reason, string message) => new(code)
    {
        Content = new StringContent(
            $$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"{{message}}","reason":"{{reason}}","code":{{(int)code}}}""",
            Encoding.UTF8, "application/json"),
    };
}

/// <summary>A clock the test can move forward, for TTL expiry.</summary>
public sealed class ShiftedTimeProvider : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}

/// <summary>A read-only stream whose reads fail after a token fires.</summary>
internal sealed class CuttableStream(Stream inner, CancellationToken cut) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cut, cancellationToken);
        try
        {
            return await inner.ReadAsync(buffer, linked.Token);
        }
        catch (OperationCanceledException) when (cut.IsCancellationRequested)
        {
            throw new IOException("watch connection cut by the test");
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        cut.IsCancellationRequested ? throw new IOException("watch connection cut by the test") : inner.Read(buffer, offset, count);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
