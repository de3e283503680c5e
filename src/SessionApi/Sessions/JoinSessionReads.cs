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

    public async Task<BroadcastSession?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var window = TimeSpan.FromMilliseconds(options.Value.JoinSessionReadWindowMilliseconds);
        if (window <= TimeSpan.Zero || !SessionNames.IsWellFormed(id))
        {
            return await SessionAccess.FindAsync(store, id, cancellationToken);
        }
        var read = _cache.GetOrCreate(id, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = window;
            entry.Size = 1;
            // Not the first caller's token: the read is shared, and one listener leaving must not fail the others.
            return store.GetAsync(id, CancellationToken.None);
        })!;
        BroadcastSession? session;
        try
        {
            session = await read.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            _cache.Remove(id);
            throw;
        }
        if (!IsShareable(session))
        {
            _cache.Remove(id);
        }
        return session;
    }

    private static bool IsShareable(BroadcastSession? session) => session is not null && SessionViews.PhaseOf(session) == nameof(SessionPhase.Active);

    public void Dispose() => _cache.Dispose();
}
