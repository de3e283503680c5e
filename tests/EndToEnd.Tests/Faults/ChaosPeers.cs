using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using BroadcastOperator.Aws;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Sdp;

namespace BroadcastOperator.EndToEnd.Tests.Faults;

/// <summary>Where a peer joins: a channel of a session's status, signed with the operator's credentials from the state folder.</summary>
internal sealed record ChaosChannel(Uri Wss, string Arn, IAwsCredentialsSource Credentials)
{
    /// <summary>The speaker's source channel.</summary>
    public static ChaosChannel Source(JsonNode session, string stateDirectory) =>
        From(session["status"]!["channel"]!, stateDirectory);

    /// <summary>The listener channel of <paramref name="language"/>.</summary>
    public static ChaosChannel Language(JsonNode session, string language, string stateDirectory) =>
        From(session["status"]!["languages"]!.AsArray().Single(l => l!["language"]!.GetValue<string>() == language)!["channel"]!, stateDirectory);

    public SignalingClientOptions Options(ChannelRole role, string? clientId) => new()
    {
        ChannelEndpoint = Wss,
        ChannelArn = Arn,
        Role = role,
        ClientId = clientId,
        Credentials = Credentials,
        ServerCertificateValidation = (_, _, _, _) => true, // the local signaling service's certificate is self-signed
    };

    private static ChaosChannel From(JsonNode channel, string stateDirectory)
    {
        var credentials = SharedCredentialsProfile.Read(Path.Combine(stateDirectory, "credentials"), "broadcast-local")
            ?? throw new InvalidOperationException("the signaling service wrote no broadcast-local profile");
        return new ChaosChannel(new Uri(channel["endpoints"]!["wss"]!.GetValue<string>()), channel["arn"]!.GetValue<string>(),
            new StaticCredentialsSource(credentials));
    }
}

/// <summary>
/// A speaker as a page is one: MASTER of the source channel, answering every offer a worker makes (a restarted worker
/// makes a new one), sending a numbered 80-byte frame every 20 ms to whichever worker is connected. It reconnects its
/// signaling connection by itself when it drops (a signaling restart), as the page's SDK client does.
/// </summary>
internal sealed class ChaosSpeaker : IAsyncDisposable
{
    private static readonly DtlsCertificate Certificate = DtlsCertificate.Generate();
    private readonly UdpMux _mux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly ChaosChannel _channel;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private AudioPeerConnection? _peer;

    private readonly IReadOnlyList<byte[]>? _packets;
    private int _sentConnected;

    /// <param name="packets">Opus packets to send in turn, looping; none: 80-byte frames numbering themselves (not Opus).</param>
    public ChaosSpeaker(ChaosChannel channel, IReadOnlyList<byte[]>? packets = null)
    {
        _channel = channel;
        _packets = packets;
    }

    public bool Connected => _peer?.State == PeerConnectionState.Connected;

    /// <summary>Frames that left over a peer with its keys installed: 20 ms of talk each.</summary>
    public int SentConnected => Volatile.Read(ref _sentConnected);

    /// <summary>How often the signaling connection was opened (1 + reconnections).</summary>
    public int SignalingConnections { get; private set; }

    public void Start()
    {
        _loops.Add(Task.Run(() => SignalAsync(_stop.Token)));
        _loops.Add(Task.Run(() => SendAsync(_stop.Token)));
    }

    private async Task SignalAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var signaling = new KvsSignalingClient(_channel.Options(ChannelRole.Master, null));
                await signaling.ConnectAsync(stop);
                SignalingConnections++;
                await foreach (var message in signaling.ReadAllAsync(stop))
                {
                    if (message.Type == SignalingMessageTypes.SdpOffer && message.Sdp is { } offer)
                    {
                        var peer = new AudioPeerConnection(_mux, new PeerConnectionOptions { Certificate = Certificate, Direction = MediaDirection.SendOnly, IceLite = false });
                        var answer = peer.AcceptOffer(LoopbackCandidatesOnly(offer));
                        var previous = Interlocked.Exchange(ref _peer, peer);
                        if (previous is not null)
                        {
                            await previous.DisposeAsync();
                        }
                        await signaling.SendSdpAnswerAsync(answer, message.SenderClientId, cancellationToken: stop);
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                // Signaling is down or refused us: try again shortly, as the SDK's reconnect does.
            }
            await Pause(TimeSpan.FromMilliseconds(250), stop);
        }
    }

    private async Task SendAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        var frame = new byte[80];
        for (var sequence = 0; await Tick(timer, stop); sequence++)
        {
            var packet = frame;
            if (_packets is not null)
            {
                packet = _packets[sequence % _packets.Count];
            }
            else
            {
                BitConverter.TryWriteBytes(frame, sequence);
            }
            if (_peer?.SendAudio(packet) == true)
            {
                Interlocked.Increment(ref _sentConnected);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops).ContinueWith(_ => { }, TaskScheduler.Default);
        if (_peer is not null)
        {
            await _peer.DisposeAsync();
        }
        await _mux.DisposeAsync();
        _stop.Dispose();
    }

    /// <summary>
    /// The worker's description with only its loopback candidates: our controlling ICE client checks the first UDP
    /// candidate only, and a `make run` worker lists its advertised address (not reachable here) before 127.0.0.1.
    /// </summary>
    internal static string LoopbackCandidatesOnly(string sdp) =>
        string.Join("\r\n", sdp.Split("\r\n").Where(line => !line.StartsWith("a=candidate:", StringComparison.Ordinal) || line.Contains(" 127.0.0.1 ", StringComparison.Ordinal)));

    internal static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    internal static async Task Pause(TimeSpan pause, CancellationToken stop)
    {
        try
        {
            await Task.Delay(pause, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }
}

/// <summary>
/// A listener as a page is one: VIEWER of a language channel, offering to receive audio. When audio stops for
/// <see cref="SilenceBeforeRejoin"/> (its worker died), or its signaling connection drops (signaling restarted), it joins
/// again with a fresh peer (new certificate) and signaling connection, and keeps trying until audio flows, as the listener page does on a failed connection.
/// </summary>
internal sealed class ChaosListener : IAsyncDisposable
{
    public static readonly TimeSpan SilenceBeforeRejoin = TimeSpan.FromSeconds(1.5);
    private readonly UdpMux _mux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly ChaosChannel _channel;
    private readonly string _clientId;
    private readonly CancellationTokenSource _stop = new();
    private static readonly Stopwatch Clock = Stopwatch.StartNew(); // one clock for all listeners, so their times compare
    private Task? _loop;
    private long _packets;
    private long _lastPacketAt = -1;
    private long _resumedAt = -1;

    public ChaosListener(ChaosChannel channel, string clientId)
    {
        _channel = channel;
        _clientId = clientId;
    }

    public long Packets => Interlocked.Read(ref _packets);

    /// <summary>How often it joined (1 + rejoins).</summary>
    public int Joins { get; private set; }

    /// <summary>When the last audio packet arrived, on <see cref="Now"/>'s clock; null before the first.</summary>
    public TimeSpan? LastPacketAt => Interlocked.Read(ref _lastPacketAt) is var ticks and >= 0 ? TimeSpan.FromTicks(ticks) : null;

    public TimeSpan Now => Clock.Elapsed;

    /// <summary>True when audio arrived within the last 200 ms.</summary>
    public bool Hearing => LastPacketAt is { } last && Now - last < TimeSpan.FromMilliseconds(200);

    public void Start() => _loop = Task.Run(() => ListenAsync(_stop.Token));

    private async Task ListenAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var joinedAt = Now;
            try
            {
                await using var signaling = new KvsSignalingClient(_channel.Options(ChannelRole.Viewer, _clientId));
                // A new certificate each join, as a page's new RTCPeerConnection has: with the old fingerprint the worker
                // rightly takes the offer for an ICE restart of the connection it has and keeps the old DTLS association.
                await using var peer = new AudioPeerConnection(_mux, new PeerConnectionOptions { Certificate = DtlsCertificate.Generate(), Direction = MediaDirection.RecvOnly, IceLite = false });
                peer.AudioReceived += (in _, _) => OnPacket();
                await signaling.ConnectAsync(stop);
                Joins++;
                using var reading = CancellationTokenSource.CreateLinkedTokenSource(stop);
                var reader = Task.Run(async () =>
                {
                    await foreach (var message in signaling.ReadAllAsync(reading.Token))
                    {
                        if (message.Type == SignalingMessageTypes.SdpAnswer && message.Sdp is { } answer && peer.State == PeerConnectionState.New
                            && !AudioSdp.IsRefusal(SessionDescription.Parse(answer)))
                        {
                            peer.SetRemoteAnswer(ChaosSpeaker.LoopbackCandidatesOnly(answer));
                        }
                    }
                }, reading.Token);
                await signaling.SendSdpOfferAsync(peer.CreateOffer(), cancellationToken: stop);
                using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
                while (await ChaosSpeaker.Tick(timer, stop) && !reader.IsCompleted && !Silent(joinedAt))
                {
                }
                await reading.CancelAsync();
                await reader.ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                // Signaling is down or the worker not there yet: join again shortly.
            }
            await ChaosSpeaker.Pause(TimeSpan.FromMilliseconds(250), stop);
        }
    }

    /// <summary>No audio for the rejoin silence, counted from the join or the last packet, whichever is later.</summary>
    private bool Silent(TimeSpan joinedAt)
    {
        var since = LastPacketAt is { } last && last > joinedAt ? last : joinedAt;
        // A fresh join gets longer: the worker may still be starting.
        var allowed = since == joinedAt ? SilenceBeforeRejoin * 2 : SilenceBeforeRejoin;
        return Now - since > allowed;
    }

    /// <summary>Waits until audio flows again after a gap that began after <paramref name="after"/>; returns when it resumed.</summary>
    public async Task<TimeSpan> AudioAfterAsync(TimeSpan after, TimeSpan within)
    {
        await Eventually.TrueAsync(() => ResumedAt > after && Hearing, $"listener {_clientId} hears audio again", within);
        return ResumedAt!.Value;
    }

    /// <summary>When audio last began to arrive after a gap of more than 500 ms (or at all).</summary>
    public TimeSpan? ResumedAt => Interlocked.Read(ref _resumedAt) is var ticks and >= 0 ? TimeSpan.FromTicks(ticks) : null;

    private void OnPacket()
    {
        var now = Now.Ticks;
        var previous = Interlocked.Exchange(ref _lastPacketAt, now);
        if (previous < 0 || now - previous > TimeSpan.FromMilliseconds(500).Ticks)
        {
            Interlocked.Exchange(ref _resumedAt, now);
        }
        Interlocked.Increment(ref _packets);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        }
        await _mux.DisposeAsync();
        _stop.Dispose();
    }
}
