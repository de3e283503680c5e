using BroadcastOperator.MediaWorker.Media;
using BroadcastOperator.Shared.Signaling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BroadcastOperator.MediaWorker.Tests;

/// <summary>The worker's answers survive signaling's refusals: re-sent while throttled, given up when refused for good, kept across reconnects.</summary>
public sealed class SignalingRetrySchedulerTests : IDisposable
{
    private static readonly SignalingRetryOptions Options = new()
    {
        Lifetime = TimeSpan.FromSeconds(30),
        FirstDelay = TimeSpan.FromMilliseconds(250),
        MaxDelay = TimeSpan.FromSeconds(2),
    };

    private readonly FakeTimeProvider _time = new();
    private readonly List<(string Reason, SignalingSend Send)> _abandoned = [];
    private SignalingRetryScheduler _scheduler;

    public SignalingRetrySchedulerTests() => _scheduler = NewScheduler(Options);

    private SignalingRetryScheduler NewScheduler(SignalingRetryOptions options) =>
        new("unit", options, _time, new WorkerMetrics(), NullLogger.Instance, (send, why) => _abandoned.Add((why, send)), new Random(7));

    public void Dispose() => _scheduler.Dispose();

    private static SignalingSend Answer(string viewer) => new(SignalingMessageTypes.SdpAnswer, $$"""{"type":"answer","sdp":"v=0 {{viewer}}"}""", viewer);

    private static StatusResponse Throttled(string correlationId) => new(correlationId, "ClientLimitExceededException", "429", "Message rate limit exceeded");

    /// <summary>A connection that records what is sent on it.</summary>
    private sealed class FakeConnection
    {
        public List<(SignalingSend Send, string CorrelationId)> Sent { get; } = [];

        public bool Broken { get; set; }

        public Task SendAsync(SignalingSend send, string correlationId)
        {
            if (Broken)
            {
                return Task.FromException(new System.Net.WebSockets.WebSocketException("connection closing"));
            }
            Sent.Add((send, correlationId));
            return Task.CompletedTask;
        }
    }

    private FakeConnection Connect()
    {
        var connection = new FakeConnection();
        _scheduler.Connected(connection.SendAsync);
        return connection;
    }

    [Fact]
    public void A_throttled_answer_is_sent_again_after_a_backoff_under_a_new_correlation_id()
    {
        var connection = Connect();
        _scheduler.Send(Answer("v1"));
        var (first, firstId) = Assert.Single(connection.Sent);

        Assert.True(_scheduler.OnStatus(Throttled(firstId)));
        Assert.Single(connection.Sent); // not from the read loop: later, on the timer

        _time.Advance(TimeSpan.FromMilliseconds(124)); // the backoff is at least half the first delay
        Assert.Single(connection.Sent);
        _time.Advance(TimeSpan.FromMilliseconds(126)); // and at most all of it
        Assert.Equal(2, connection.Sent.Count);
        var (again, againId) = connection.Sent[1];
        Assert.Equal(first, again);
        Assert.NotEqual(firstId, againId);
        Assert.Matches("^[a-zA-Z0-9_.-]{1,256}$", againId); // what signaling accepts as a correlation id
        Assert.Equal(1, _scheduler.Retries);
        Assert.Equal(1, _scheduler.Refusals);

        Assert.False(_scheduler.OnStatus(Throttled(firstId))); // an old id names nothing any more
        Assert.Empty(_abandoned);
    }

    [Fact]
    public void Every_answer_carries_its_own_correlation_id()
    {
        var connection = Connect();
        for (var i = 0; i < 50; i++)
        {
            _scheduler.Send(Answer("v" + i));
        }

        Assert.Equal(50, connection.Sent.Select(s => s.CorrelationId).Distinct().Count());
    }

    [Fact]
    public void Refused_again_and_again_it_backs_off_longer_each_time_then_gives_up_at_the_offers_lifetime()
    {
        _scheduler.Dispose();
        _scheduler = NewScheduler(Options with { Lifetime = TimeSpan.FromSeconds(10) });
        var connection = Connect();
        var start = _time.GetUtcNow();
        _scheduler.Send(Answer("v1"));
        var sentAt = new List<TimeSpan> { TimeSpan.Zero };
        var step = TimeSpan.FromMilliseconds(5);
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromSeconds(12); elapsed += step)
        {
            if (sentAt.Count < connection.Sent.Count)
            {
                sentAt.Add(_time.GetUtcNow() - start);
            }
            if (_scheduler.Pending > 0)
            {
                _scheduler.OnStatus(Throttled(connection.Sent[^1].CorrelationId)); // signaling refuses every one
            }
            _time.Advance(step);
        }

        var gaps = sentAt.Zip(sentAt.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToList();
        Assert.True(gaps.Count >= 6, $"only {gaps.Count} retries in 10 s: {string.Join(", ", gaps)}");
        for (var i = 0; i < gaps.Count; i++)
        {
            var ceiling = Math.Min(2000, 250 * Math.Pow(2, i));
            Assert.InRange(gaps[i], ceiling / 2 - step.TotalMilliseconds, ceiling + step.TotalMilliseconds);
        }
        Assert.True(sentAt[^1] <= TimeSpan.FromSeconds(10) - Options.FirstDelay, $"last send at {sentAt[^1]}, too late for a refusal to come back");
        Assert.Equal(0, _scheduler.Pending);
        Assert.Equal(1, _scheduler.GivenUp);
        Assert.Equal(gaps.Count, _scheduler.Retries);
        Assert.Equal("v1", Assert.Single(_abandoned).Send.RecipientClientId);
    }

    [Theory]
    [InlineData("ResourceNotFoundException", "404")]
    [InlineData("InvalidArgumentException", "400")]
    public void A_final_refusal_is_not_sent_again_and_gives_the_viewer_up(string errorType, string statusCode)
    {
        var connection = Connect();
        _scheduler.Send(Answer("v1"));

        Assert.True(_scheduler.OnStatus(new StatusResponse(connection.Sent[0].CorrelationId, errorType, statusCode, "no")));
        _time.Advance(Options.Lifetime);

        Assert.Single(connection.Sent);
        Assert.Equal("v1", Assert.Single(_abandoned).Send.RecipientClientId);
        Assert.Equal((1, 0, 0), (_scheduler.GivenUp, _scheduler.Retries, _scheduler.Pending));
    }

    [Fact]
    public void An_answer_never_refused_is_kept_for_the_offers_lifetime_then_let_go_without_a_retry()
    {
        var connection = Connect();
        _scheduler.Send(Answer("v1"));

        _time.Advance(Options.Lifetime - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _scheduler.Pending);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(0, _scheduler.Pending);
        Assert.Single(connection.Sent);
        Assert.False(_scheduler.OnStatus(Throttled(connection.Sent[0].CorrelationId)));
        Assert.Equal((0, 0), (_scheduler.GivenUp, _scheduler.Retries));
        Assert.Empty(_abandoned);
    }

    [Fact]
    public void A_new_connection_gets_again_what_still_waiting_viewers_have_not_received()
    {
        var first = Connect();
        _scheduler.Send(Answer("waiting"));
        _scheduler.Send(Answer("connected"));
        _scheduler.Send(Answer("throttled"));
        _scheduler.Forget("connected"); // its peer connected: it had the answer
        _scheduler.OnStatus(Throttled(first.Sent[2].CorrelationId));

        _scheduler.Disconnected();
        var second = Connect();

        var (send, correlationId) = Assert.Single(second.Sent); // at once: it may never have left the old connection
        Assert.Equal("waiting", send.RecipientClientId);
        Assert.NotEqual(first.Sent[0].CorrelationId, correlationId);
        _time.Advance(Options.FirstDelay); // the throttled one waits out its backoff, on the new connection
        Assert.Equal(new[] { "waiting", "throttled" }, second.Sent.Select(s => s.Send.RecipientClientId));
        Assert.Equal(2, _scheduler.Retries);
    }

    [Fact]
    public void A_retry_due_while_disconnected_goes_on_the_next_connection()
    {
        var first = Connect();
        _scheduler.Send(Answer("v1"));
        _scheduler.OnStatus(Throttled(first.Sent[0].CorrelationId));
        _scheduler.Disconnected();

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Single(first.Sent);

        var second = Connect();
        Assert.Equal("v1", Assert.Single(second.Sent).Send.RecipientClientId);
    }

    [Fact]
    public void A_send_that_fails_goes_again_on_the_next_connection()
    {
        var broken = Connect();
        broken.Broken = true;
        _scheduler.Send(Answer("v1"));
        Assert.Empty(broken.Sent);

        var next = Connect();

        Assert.Equal("v1", Assert.Single(next.Sent).Send.RecipientClientId);
    }

    [Fact]
    public void An_answer_with_no_connection_in_its_lifetime_is_given_up()
    {
        _scheduler.Send(Answer("v1"));

        _time.Advance(Options.Lifetime);

        Assert.Equal("v1", Assert.Single(_abandoned).Send.RecipientClientId);
        Assert.Equal(1, _scheduler.GivenUp);
    }

    [Fact]
    public void Pending_answers_are_bounded_and_a_refused_one_let_go_for_room_is_given_up()
    {
        _scheduler.Dispose();
        _scheduler = NewScheduler(Options with { Capacity = 2 });
        var connection = Connect();
        _scheduler.Send(Answer("v1"));
        _scheduler.Send(Answer("v2"));
        _scheduler.Send(Answer("v3")); // v1 was not refused: presumed delivered
        Assert.Equal(2, _scheduler.Pending);
        Assert.Equal(0, _scheduler.GivenUp);

        _scheduler.OnStatus(Throttled(connection.Sent[1].CorrelationId));
        _scheduler.Send(Answer("v4")); // v2 waits for a retry: given up

        Assert.Equal(2, _scheduler.Pending);
        Assert.Equal("v2", Assert.Single(_abandoned).Send.RecipientClientId);
    }

    [Theory]
    [InlineData("ClientLimitExceededException", "429", true, "client_limit_exceeded")]
    [InlineData("SessionExpiredException", "400", true, "session_expired")]
    [InlineData("InternalFailure", "500", true, "internal_failure")]
    [InlineData("SomethingNew", "503", true, "other")]
    [InlineData("InvalidArgumentException", "400", false, "invalid_argument")]
    [InlineData("ResourceNotFoundException", "404", false, "resource_not_found")]
    [InlineData("NotAuthorizedException", "403", false, "not_authorized")]
    public void Throttling_and_service_faults_are_retried_and_bad_messages_are_not(string errorType, string statusCode, bool retryable, string reason)
    {
        var status = new StatusResponse("c-1", errorType, statusCode, "");

        Assert.Equal(retryable, SignalingRefusal.IsRetryable(status));
        Assert.Equal(reason, SignalingRefusal.Reason(status));
    }
}
