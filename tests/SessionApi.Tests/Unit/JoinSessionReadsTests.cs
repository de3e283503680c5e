using BroadcastOperator.SessionApi.Kubernetes;
using BroadcastOperator.SessionApi.Options;
using BroadcastOperator.SessionApi.Sessions;
using BroadcastOperator.Shared.Model;
using k8s.Models;

namespace BroadcastOperator.SessionApi.Tests.Unit;

public sealed class JoinSessionReadsTests
{
    private const string Name = "brave-otter-123";

    [Fact]
    public async Task A_crowd_joining_an_active_session_reads_it_once()
    {
        var store = new CountingStore(SessionIn(SessionPhase.Active)) { ReadDelay = TimeSpan.FromMilliseconds(50) };
        using var reads = ReadsOver(store, windowMilliseconds: 60_000);

        var sessions = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => reads.FindAsync(Name, CancellationToken.None))));

        Assert.All(sessions, session => Assert.Equal(Name, session?.Metadata.Name));
        Assert.Equal(1, store.Reads);
    }

    [Theory]
    [InlineData(SessionPhase.Pending)]
    [InlineData(SessionPhase.Terminating)]
    public async Task A_session_that_is_not_active_is_read_again_by_the_next_join(SessionPhase phase)
    {
        var store = new CountingStore(SessionIn(phase));
        using var reads = ReadsOver(store, windowMilliseconds: 60_000);

        await reads.FindAsync(Name, CancellationToken.None);
        store.Session = SessionIn(SessionPhase.Active);
        var next = await reads.FindAsync(Name, CancellationToken.None);

        Assert.Equal(nameof(SessionPhase.Active), SessionViews.PhaseOf(next!));
        Assert.Equal(2, store.Reads);
    }

    [Fact]
    public async Task A_missing_session_and_a_failed_read_are_not_remembered()
    {
        var store = new CountingStore(null);
        using var reads = ReadsOver(store, windowMilliseconds: 60_000);

        Assert.Null(await reads.FindAsync(Name, CancellationToken.None));
        store.Failure = new InvalidOperationException("API server away");
        await Assert.ThrowsAsync<InvalidOperationException>(() => reads.FindAsync(Name, CancellationToken.None));
        store.Failure = null;
        store.Session = SessionIn(SessionPhase.Active);

        Assert.NotNull(await reads.FindAsync(Name, CancellationToken.None));
        Assert.Equal(3, store.Reads);
    }

    [Fact]
    public async Task After_the_window_a_join_reads_the_session_again()
    {
        var store = new CountingStore(SessionIn(SessionPhase.Active));
        using var reads = ReadsOver(store, windowMilliseconds: 50);

        await reads.FindAsync(Name, CancellationToken.None);
        // Joins go on until one reads the store again (the window has passed); those inside the window read nothing.
        await Eventually.TrueAsync(async () =>
        {
            await reads.FindAsync(Name, CancellationToken.None);
            return store.Reads > 1;
        }, "a join after the 50 ms window reads the session again", TimeSpan.FromSeconds(10));

        Assert.Equal(2, store.Reads);
    }

    [Fact]
    public async Task A_zero_window_reads_on_every_join()
    {
        var store = new CountingStore(SessionIn(SessionPhase.Active));
        using var reads = ReadsOver(store, windowMilliseconds: 0);

        for (var i = 0; i < 3; i++)
        {
            await reads.FindAsync(Name, CancellationToken.None);
        }

        Assert.Equal(3, store.Reads);
    }

    private static JoinSessionReads ReadsOver(ISessionStore store, int windowMilliseconds) =>
        new(store, Microsoft.Extensions.Options.Options.Create(new SessionApiOptions { JoinSessionReadWindowMilliseconds = windowMilliseconds }));

    private static BroadcastSession SessionIn(SessionPhase phase) => new()
    {
        Metadata = new V1ObjectMeta { Name = Name },
        Spec = new BroadcastSessionSpec(),
        Status = new BroadcastSessionStatus { Phase = phase },
    };

    private sealed class CountingStore(BroadcastSession? session) : ISessionStore
    {
        private int _reads;

        public BroadcastSession? Session { get; set; } = session;
        public Exception? Failure { get; set; }
        public TimeSpan ReadDelay { get; init; }
        public int Reads => Volatile.Read(ref _reads);

        public async Task<BroadcastSession?> GetAsync(string name, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            await Task.Delay(ReadDelay, cancellationToken);
            return Failure is { } failure ? throw failure : Session;
        }

        public Task<BroadcastSession?> TryCreateAsync(BroadcastSession session, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<BroadcastSession>> ListAsync(string labelSelector, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task DeleteAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task PingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
