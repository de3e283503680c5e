using System.Net;
using BroadcastOperator.WebRtc.Ice;
using BroadcastOperator.WebRtc.Stun;
using BroadcastOperator.WebRtc.Tests.Support;

namespace BroadcastOperator.WebRtc.Tests.Ice;

public class IceLiteAgentTests
{
    private static readonly IPEndPoint Browser = new(IPAddress.Loopback, 50000);
    private static readonly IPEndPoint Elsewhere = new(IPAddress.Parse("127.0.0.2"), 50001);
    private readonly IceCredentials _local = IceCredentials.Generate();
    private readonly IceCredentials _remote = IceCredentials.Generate();
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void Valid_check_is_answered_with_integrity_under_the_local_password()
    {
        var agent = NewAgent();

        var outcome = agent.HandleStun(Check(), Browser);

        Assert.Equal(IceCheckVerdict.Accepted, outcome.Verdict);
        Assert.True(StunMessage.TryParse(outcome.Response, out var response));
        Assert.Equal(StunMessageType.BindingSuccess, response.Type);
        Assert.True(response.VerifyMessageIntegrity(_local.Key));
        Assert.True(response.HasValidFingerprint());
        Assert.Equal(Browser, response.GetXorMappedAddress());
        Assert.Equal(IceState.Connected, agent.State);
        Assert.Equal(Browser, agent.SelectedEndPoint);
    }

    [Fact]
    public void Use_candidate_nominates_and_completes()
    {
        var agent = NewAgent();
        var states = new List<IceState>();
        agent.StateChanged += states.Add;

        agent.HandleStun(Check(), Browser);
        agent.HandleStun(Check(useCandidate: true), Elsewhere);

        Assert.Equal([IceState.Connected, IceState.Completed], states);
        Assert.Equal(Elsewhere, agent.SelectedEndPoint);
        Assert.True(agent.IsNominated);
    }

    [Fact]
    public void Wrong_password_gets_401_and_validates_nothing()
    {
        var agent = NewAgent();

        var outcome = agent.HandleStun(Check(password: "wrongwrongwrongwrongwrong"), Browser);

        AssertError(outcome, 401);
        Assert.Null(agent.SelectedEndPoint);
        Assert.False(agent.IsValidated(Browser));
        Assert.Equal(IceState.New, agent.State);
    }

    [Fact]
    public void Unknown_local_ufrag_gets_401()
    {
        var agent = NewAgent();

        AssertError(agent.HandleStun(Check(username: "nobody:" + _remote.Ufrag), Browser), 401);
    }

    [Fact]
    public void Wrong_remote_ufrag_gets_401_once_the_remote_sdp_is_known()
    {
        var agent = NewAgent();

        AssertError(agent.HandleStun(Check(username: _local.Ufrag + ":intruder"), Browser), 401);
    }

    [Fact]
    public void Check_without_username_or_integrity_gets_400()
    {
        var agent = NewAgent();
        var noIntegrity = new StunMessage(StunMessageType.BindingRequest, StunMessage.NewTransactionId())
            .AddUsername($"{_local.Ufrag}:{_remote.Ufrag}").AddPriority(1).ToArray(new StunSigning(null, true));
        var noUsername = new StunMessage(StunMessageType.BindingRequest, StunMessage.NewTransactionId())
            .AddPriority(1).ToArray(new StunSigning(_local.Key, true));

        AssertError(agent.HandleStun(noIntegrity, Browser), 400);
        AssertError(agent.HandleStun(noUsername, Browser), 400);
    }

    [Fact]
    public void Malformed_request_with_readable_header_gets_400()
    {
        var agent = NewAgent();
        var check = Check();
        var truncated = check[..^3];
        truncated[3] = (byte)(truncated.Length - StunMessage.HeaderLength); // header length agrees, attributes do not

        var outcome = agent.HandleStun(truncated, Browser);

        AssertError(outcome, 400);
    }

    [Fact]
    public void Peer_that_also_claims_controlled_gets_487()
    {
        var agent = NewAgent();
        var request = new StunMessage(StunMessageType.BindingRequest, StunMessage.NewTransactionId())
            .AddUsername($"{_local.Ufrag}:{_remote.Ufrag}").AddPriority(1).AddIceControlled(7)
            .ToArray(new StunSigning(_local.Key, true));

        var outcome = agent.HandleStun(request, Browser);

        AssertError(outcome, 487);
        Assert.True(StunMessage.TryParse(outcome.Response, out var response));
        Assert.True(response.VerifyMessageIntegrity(_local.Key));
    }

    [Fact]
    public void Unknown_comprehension_required_attribute_gets_420_naming_it()
    {
        var agent = NewAgent();
        var request = new StunMessage(StunMessageType.BindingRequest, StunMessage.NewTransactionId())
            .AddUsername($"{_local.Ufrag}:{_remote.Ufrag}").AddPriority(1).Add(0x7777, [1, 2, 3, 4])
            .ToArray(new StunSigning(_local.Key, true));

        var outcome = agent.HandleStun(request, Browser);

        AssertError(outcome, 420);
        Assert.True(StunMessage.TryParse(outcome.Response, out var response));
        Assert.Equal(new byte[] { 0x77, 0x77 }, response.Find(StunAttributeType.UnknownAttributes)!.Value);
        Assert.Null(agent.SelectedEndPoint);
    }

    [Fact]
    public void Silent_peer_is_dropped_after_the_consent_timeout()
    {
        var agent = NewAgent(TimeSpan.FromSeconds(30));
        var selected = new List<IPEndPoint?>();
        agent.SelectedEndPointChanged += selected.Add;
        agent.HandleStun(Check(useCandidate: true), Browser);

        _time.Advance(TimeSpan.FromSeconds(29));
        agent.CheckConsent();
        Assert.Equal(IceState.Completed, agent.State);
        agent.HandleStun(Check(), Browser); // consent refreshed

        _time.Advance(TimeSpan.FromSeconds(29));
        agent.CheckConsent();
        Assert.Equal(IceState.Completed, agent.State);

        _time.Advance(TimeSpan.FromSeconds(2));
        agent.CheckConsent();
        Assert.Equal(IceState.Disconnected, agent.State);
        Assert.Equal([Browser, null], selected);
        Assert.False(agent.IsValidated(Browser));
    }

    [Fact]
    public void Consent_timeout_is_configurable_and_a_live_endpoint_takes_over()
    {
        var agent = NewAgent(TimeSpan.FromSeconds(5));
        agent.HandleStun(Check(useCandidate: true), Browser);
        _time.Advance(TimeSpan.FromSeconds(3));
        agent.HandleStun(Check(), Elsewhere);

        _time.Advance(TimeSpan.FromSeconds(3));
        agent.CheckConsent();

        Assert.Equal(IceState.Connected, agent.State);
        Assert.Equal(Elsewhere, agent.SelectedEndPoint);
    }

    [Fact]
    public void Captured_check_replayed_from_another_address_is_ignored_but_a_retransmission_is_answered()
    {
        var agent = NewAgent();
        var check = Check(useCandidate: true);
        agent.HandleStun(check, Browser);

        Assert.Equal(IceCheckVerdict.Ignored, agent.HandleStun(check, Elsewhere).Verdict);
        Assert.Equal(IceCheckVerdict.Accepted, agent.HandleStun(check, Browser).Verdict);
        Assert.Equal(Browser, agent.SelectedEndPoint);
        Assert.False(agent.IsValidated(Elsewhere));
    }

    [Fact]
    public void Closed_agent_ignores_checks()
    {
        var agent = NewAgent();
        agent.Close();

        Assert.Equal(IceCheckVerdict.Ignored, agent.HandleStun(Check(), Browser).Verdict);
        Assert.Equal(IceState.Closed, agent.State);
    }

    [Fact]
    public void Controlling_agent_completes_against_the_lite_agent()
    {
        var lite = NewAgent();
        var client = new IceControllingAgent(_remote, _local, time: _time);

        var outcome = lite.HandleStun(client.CreateCheck(), Browser);

        Assert.True(client.HandleResponse(outcome.Response));
        Assert.Equal(IceState.Completed, client.State);
        Assert.Equal(IceState.Completed, lite.State);
        Assert.Equal(Browser, client.MappedAddress);
        Assert.False(client.HandleResponse(outcome.Response.AsSpan()[..^1]));
        _time.Advance(TimeSpan.FromSeconds(31));
        client.CheckConsent(TimeSpan.FromSeconds(30));
        Assert.Equal(IceState.Disconnected, client.State);
    }

    [Fact]
    public void Controlling_agent_rejects_a_response_it_did_not_ask_for()
    {
        var lite = NewAgent();
        var client = new IceControllingAgent(_remote, _local, time: _time);
        var stranger = new IceControllingAgent(_remote, _local, time: _time);

        var outcome = lite.HandleStun(stranger.CreateCheck(), Browser);

        Assert.False(client.HandleResponse(outcome.Response));
        Assert.Equal(IceState.New, client.State);
    }

    [Fact]
    public void Mutated_checks_never_throw()
    {
        var agent = NewAgent();
        foreach (var input in Mutations.Of(8445, 300, Check(), Check(useCandidate: true)))
        {
            var outcome = agent.HandleStun(input, Browser);
            if (outcome.Response is { } response)
            {
                Assert.True(StunMessage.TryParse(response, out _));
            }
        }
    }

    [Fact]
    public void Ice_restart_takes_only_the_new_credentials_and_keeps_the_selected_pair_until_they_arrive()
    {
        var agent = NewAgent();
        agent.HandleStun(Check(useCandidate: true), Browser);
        var restartedLocal = IceCredentials.Generate();
        var restartedRemote = IceCredentials.Generate();

        agent.Restart(restartedLocal, restartedRemote.Ufrag);

        Assert.True(agent.IsRestarting);
        Assert.Equal(Browser, agent.SelectedEndPoint); // media goes on while the remote checks its new pairs
        AssertError(agent.HandleStun(Check(useCandidate: true), Browser), 401); // the old credentials are gone
        var renewed = new StunMessage(StunMessageType.BindingRequest, StunMessage.NewTransactionId())
            .AddUsername($"{restartedLocal.Ufrag}:{restartedRemote.Ufrag}").AddPriority(1845501695).AddIceControlling(99).AddUseCandidate()
            .ToArray(StunSigning.ShortTerm(restartedLocal.Password));
        var outcome = agent.HandleStun(renewed, Elsewhere);

        Assert.Equal(IceCheckVerdict.Accepted, outcome.Verdict);
        Assert.True(StunMessage.TryParse(outcome.Response, out var response) && response.VerifyMessageIntegrity(restartedLocal.Key));
        Assert.False(agent.IsRestarting);
        Assert.Equal(Elsewhere, agent.SelectedEndPoint);
        Assert.Equal(IceState.Completed, agent.State);
    }

    private IceLiteAgent NewAgent(TimeSpan? consent = null) =>
        new(_local, new IceLiteOptions { ConsentTimeout = consent ?? TimeSpan.FromSeconds(30) }, _time) { RemoteUfrag = _remote.Ufrag };

    private byte[] Check(bool useCandidate = false, string? password = null, string? username = null)
    {
        var request = new StunMessage(StunMessageType.BindingRequest, StunMessage.NewTransactionId())
            .AddUsername(username ?? $"{_local.Ufrag}:{_remote.Ufrag}").AddPriority(1845501695).AddIceControlling(99);
        if (useCandidate)
        {
            request.AddUseCandidate();
        }

        return request.ToArray(StunSigning.ShortTerm(password ?? _local.Password));
    }

    private static void AssertError(IceCheckOutcome outcome, int code)
    {
        Assert.Equal(IceCheckVerdict.Rejected, outcome.Verdict);
        Assert.True(StunMessage.TryParse(outcome.Response, out var response));
        Assert.Equal(StunMessageType.BindingError, response.Type);
        Assert.Equal(code, response.GetErrorCode()?.Code);
    }
}
