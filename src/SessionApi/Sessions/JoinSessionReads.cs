using BroadcastOperator.SessionApi.Kubernetes;
using BroadcastOperator.SessionApi.Options;
using BroadcastOperator.Shared.Model;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.SessionApi.Sessions;

/// <summary>
/// The session a /join reads, shared between the joins of one short window: a hall pressing Play in the same
/// seconds costs the API server one read per window, not one per listener. Only an Active session is shared;
/// a missing, pending or failed read is asked again by the next join, so a session that has just become ready
/// is seen at once. Joins tolerate a window of staleness: credentials name a channel, and signaling refuses a
/// channel that has gone.
/// </summary>
public sealed class JoinSessionReads(ISessionStore store, IOptions<SessionApiOptions> options) : IDisposable
{
    // Bounded: a flood of joins to many sessions keeps at most this many reads, older ones simply read again.
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 10_000 });
    private readonly Lock _gate = new();

    public async Task<BroadcastSession?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var window = TimeSpan.FromMilliseconds(options.Value.JoinSessionReadWindowMilliseconds);
        if (window <= TimeSpan.Zero || !SessionNames.IsWellFormed(id))
        {
            return await SessionAccess.FindAsync(store, id, cancellationToken);
        }
        var read = SharedRead(id, window);
        BroadcastSession? session;
        try
        {
            session = await read.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            Forget(id, read);
            throw;
        }
        if (!IsShareable(session))
        {
            Forget(id, read);
        }
        return session;
    }

    // Under a lock, so the joins arriving together find one read rather than each starting its own.
    private Task<BroadcastSession?> SharedRead(string id, TimeSpan window)
    {
        lock (_gate)
        {
            if (!_cache.TryGetValue(id, out Task<BroadcastSession?>? read) || read is null)
            {
                // Not the first caller's token: the read is shared, and one listener leaving must not fail the others.
                read = store.GetAsync(id, CancellationToken.None);
                _cache.Set(id, read, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = window, Size = 1 });
            }
            return read;
        }
    }

    // Only this read: a newer one started meanwhile stays.
    private void Forget(string id, Task<BroadcastSession?> read)
    {
        lock (_gate)
        {
            if (_cache.TryGetValue(id, out Task<BroadcastSession?>? current) && current == read)
            {
                _cache.Remove(id);
            }
        }
    }

    private static bool IsShareable(BroadcastSession? session) => session is not null && SessionViews.PhaseOf(session) == nameof(SessionPhase.Active);

    public void Dispose() => _cache.Dispose();
}
