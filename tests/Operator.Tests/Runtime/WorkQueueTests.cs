using BroadcastOperator.Operator.Runtime;
using BroadcastOperator.Operator.Tests.Support;
using BroadcastOperator.Shared.Model;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace BroadcastOperator.Operator.Tests.Runtime;

public sealed class WorkQueueTests
{
    private static WorkQueue NewQueue() => new(new Backoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1)));

    [Fact]
    public async Task A_key_added_many_times_waits_once()
    {
        using var queue = NewQueue();
        queue.Add("ns/a");
        queue.Add("ns/a");
        queue.Add("ns/b");

        Assert.Equal(2, queue.Depth);
        Assert.Equal("ns/a", await queue.TakeAsync(CancellationToken.None));
        Assert.Equal("ns/b", await queue.TakeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_key_being_processed_is_not_handed_out_again_until_done_then_comes_back_once()
    {
        using var queue = NewQueue();
        queue.Add("ns/a");
        var key = await queue.TakeAsync(CancellationToken.None);

        queue.Add("ns/a");
        queue.Add("ns/a");
        Assert.Equal(0, queue.Depth);
        using var noSecond = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.TakeAsync(noSecond.Token));

        queue.Done(key);
        Assert.Equal(1, queue.Depth);
        Assert.Equal("ns/a", await queue.TakeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Failures_back_off_per_key_and_forget_resets_them()
    {
        using var queue = NewQueue();
        var first = queue.AddRateLimited("ns/a");
        var second = queue.AddRateLimited("ns/a");
        var third = queue.AddRateLimited("ns/a");

        Assert.InRange(first.TotalMilliseconds, 5, 10);
        Assert.InRange(second.TotalMilliseconds, 10, 20);
        Assert.InRange(third.TotalMilliseconds, 20, 40);
        Assert.Equal(3, queue.Failures("ns/a"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        Assert.Equal("ns/a", await queue.TakeAsync(timeout.Token));
        queue.Forget("ns/a");
        Assert.Equal(0, queue.Failures("ns/a"));
    }

    [Fact]
    public async Task Failures_that_overlap_a_pending_retry_leave_one_retry_not_two()
    {
        var time = new FakeTimeProvider();
        using var queue = new WorkQueue(new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), () => 1), time);
        queue.AddRateLimited("ns/a"); // due in 100 ms
        queue.AddRateLimited("ns/a"); // 200 ms: the pending one comes sooner
        Assert.Equal(1, queue.Waiting);

        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal("ns/a", await queue.TakeAsync(CancellationToken.None));
        queue.Done("ns/a");
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0, queue.Depth);
        Assert.Equal(0, queue.Waiting);
    }

    [Fact]
    public async Task A_sooner_delayed_add_replaces_a_later_one()
    {
        var time = new FakeTimeProvider();
        using var queue = new WorkQueue(new Backoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1)), time);
        queue.AddAfter("ns/a", TimeSpan.FromMinutes(1));
        queue.AddAfter("ns/a", TimeSpan.FromMilliseconds(10));

        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal("ns/a", await queue.TakeAsync(CancellationToken.None));
        queue.Done("ns/a");
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public void A_storm_window_allows_the_attempts_the_shortest_backoff_fits()
    {
        // Shortest delays 50, 100, 200, 400, 800 ms: attempts at 0, 50, 150, 350, 750, 1550 ms.
        Assert.Equal(6, ConflictStorm.MaxAttempts(TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5)));
        // Capped at 1 s nominal (500 ms shortest) from the fifth retry on.
        Assert.Equal(8, ConflictStorm.MaxAttempts(TimeSpan.FromSeconds(2.6), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Backoff_is_capped_and_jittered_between_half_and_full()
    {
        var low = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), () => 0);
        var high = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), () => 1);

        Assert.Equal(TimeSpan.FromMilliseconds(50), low.Delay(1));
        Assert.Equal(TimeSpan.FromMilliseconds(400), high.Delay(3));
        Assert.Equal(TimeSpan.FromSeconds(2), high.Delay(40));
    }

    [Fact]
    public void Status_only_changes_do_not_wake_the_reconciler_but_spec_deletion_and_finalizers_do()
    {
        static BroadcastSession S(long generation, DateTime? deleted = null, params string[] finalizers) => new()
        {
            Metadata = new V1ObjectMeta { Name = "a", NamespaceProperty = "ns", Generation = generation, DeletionTimestamp = deleted, Finalizers = finalizers },
        };
        var old = S(1, null, "f");

        Assert.True(SessionController.NeedsReconcile(null, old));
        Assert.False(SessionController.NeedsReconcile(old, S(1, null, "f")));
        Assert.True(SessionController.NeedsReconcile(old, S(2, null, "f")));
        Assert.True(SessionController.NeedsReconcile(old, S(1, DateTime.UtcNow, "f")));
        Assert.True(SessionController.NeedsReconcile(old, S(1, null)));
    }
}
