using System.Net;
using BroadcastOperator.WebRtc.Ice;
using BroadcastOperator.WebRtc.Tests.Support;

namespace BroadcastOperator.WebRtc.Tests.Ice;

public class IceCheckListTests
{
    private static readonly IPEndPoint Unreachable = new(IPAddress.Loopback, 40001);
    private static readonly IPEndPoint Reachable = new(IPAddress.Loopback, 40002);
    private static readonly IPEndPoint Third = new(IPAddress.Loopback, 40003);
    private static readonly uint HostPriority = IceCandidate.ComputePriority(126, 65535, 1);
    private readonly IceCredentials _client = IceCredentials.Generate();
    private readonly IceCredentials _lite = IceCredentials.Generate();
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void Pair_priority_follows_rfc_8445()
    {
        // 2^32·MIN(G,D) + 2·MAX(G,D) + (G>D ? 1 : 0)
        Assert.Equal((5UL << 32) + 14 + 1, IceCheckList.PairPriority(7, 5));
        Assert.Equal((5UL << 32) + 14, IceCheckList.PairPriority(5, 7));
    }

    [Fact]
    public void Pairs_are_checked_in_priority_order_whatever_order_they_were_listed()
    {
        var list = new IceCheckList(HostPriority);
        list.Add(Third, HostPriority - 2);
        list.Add(Unreachable, HostPriority);
        list.Add(Reachable, HostPriority - 1);
        Assert.False(list.Add(Reachable, HostPriority - 1));

        var order = new List<IPEndPoint?>();
        for (var t = 0; t < 3; t++)
        {
            order.Add(list.NextCheck(TimeSpan.FromMilliseconds(50 * t)));
        }

        Assert.Equal([Unreachable, Reachable, Third], order);
    }

    [Fact]
    public void Checks_are_paced_and_unanswered_pairs_are_checked_again()
    {
        var list = new IceCheckList(HostPriority);
        list.Add(Unreachable, HostPriority);

        Assert.Equal(Unreachable, list.NextCheck(TimeSpan.Zero));
        Assert.Null(list.NextCheck(TimeSpan.FromMilliseconds(10)));
        Assert.Null(list.NextCheck(IceCheckList.Pacing)); // not yet due again
        Assert.Equal(Unreachable, list.NextCheck(IceCheckList.RetransmitInterval));
    }

    [Fact]
    public void The_first_pair_that_succeeds_is_nominated_and_checking_stops()
    {
        var list = new IceCheckList(HostPriority);
        list.Add(Unreachable, HostPriority);
        list.Add(Reachable, HostPriority - 1);

        Assert.True(list.OnSucceeded(Reachable));
        Assert.False(list.OnSucceeded(Unreachable));
        Assert.False(list.OnSucceeded(Third));
        Assert.Equal(Reachable, list.Nominated);
        Assert.Null(list.NextCheck(TimeSpan.FromSeconds(1)));
    }

    /// <summary>The bug: the agent checked only the first candidate, which a make-run worker lists as 192.0.2.2.</summary>
    [Fact]
    public void Controlling_agent_connects_through_the_second_candidate_when_the_first_never_answers()
    {
        var lite = new IceLiteAgent(_lite, new IceLiteOptions(), _time) { RemoteUfrag = _client.Ufrag };
        var agent = new IceControllingAgent(_client, _lite, time: _time);
        agent.AddRemoteCandidate(Unreachable, HostPriority); // listed first and preferred
        agent.AddRemoteCandidate(Reachable, HostPriority - 1);
        var sentTo = new List<IPEndPoint>();

        for (var tick = 0; tick < 20 && agent.State != IceState.Completed; tick++)
        {
            if (agent.NextCheck(out var to) is { } check)
            {
                sentTo.Add(to!);
                if (to!.Equals(Reachable) && lite.HandleStun(check, new IPEndPoint(IPAddress.Loopback, 50000)).Response is { } response)
                {
                    Assert.False(agent.HandleResponse(response, Unreachable), "an answer from elsewhere than the check went is not a success");
                    Assert.True(agent.HandleResponse(response, Reachable));
                }
            }

            _time.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal(IceState.Completed, agent.State);
        Assert.Equal(Reachable, agent.Nominated);
        Assert.Equal([Unreachable, Reachable], sentTo);
    }
}
