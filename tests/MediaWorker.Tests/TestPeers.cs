using System.Collections.Concurrent;
using System.Net;
using BroadcastOperator.Aws;
using BroadcastOperator.MediaWorker.Options;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Sdp;

namespace BroadcastOperator.MediaWorker.Tests;

/// <summary>A speaker as the browser would be: MASTER of the source channel, answering the worker's offer, sending Opus.</summary>
public sealed class TestSpeaker : IAsyncDisposable
{
    private static readonly DtlsCertificate Certificate = DtlsCertificate.Generate();
    private readonly UdpMux _mux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly KvsSignalingClient _signaling;
    private readonly CancellationTokenSource _stop = new();
    private Task? _reader;

    public TestSpeaker(SessionFixture world, ChannelSettings channel) =>
        _signaling = new KvsSignalingClient(Options(world, channel, ChannelRole.Master, null));

    public AudioPeerConnection? Peer { get; private set; }

    public async Task StartAsync()
    {
        await _signaling.ConnectAsync();
        _reader = Task.Run(async () =>
        {
            await foreach (var message in _signaling.ReadAllAsync(_stop.Token))
            {
                if (message.Type == SignalingMessageTypes.SdpOffer && message.Sdp is { } offer)
                {
                    var peer = new AudioPeerConnection(_mux, new PeerConnectionOptions { Certificate = Certificate, Direction = MediaDirection.SendOnly, IceLite = false });
                    var answer = peer.AcceptOffer(offer);
                    if (Peer is { } previous)
                    {
                        await previous.DisposeAsync();
                    }
                    Peer = peer;
                    await _signaling.SendSdpAnswerAsync(answer, message.SenderClientId);
                }
            }
        });
    }

    public bool Connected => Peer?.State == PeerConnectionState.Connected;

    public bool Send(ReadOnlySpan<byte> opusFrame) => Peer?.SendAudio(opusFrame) ?? false;

    /// <summary>Sends <paramref name="opusFrames"/> of 20 ms each at the pace a microphone would (the pipeline's timing depends on it).</summary>
    public async Task SpeakAsync(IEnumerable<byte[]> opusFrames)
    {
        var next = DateTime.UtcNow;
        foreach (var frame in opusFrames)
        {
            Send(frame);
            next += TimeSpan.FromMilliseconds(20);
            var wait = next - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _signaling.DisposeAsync();
        if (_reader is not null)
        {
            await _reader.ContinueWith(_ => { }, TaskScheduler.Default);
        }
        if (Peer is not null)
        {
            await Peer.DisposeAsync();
        }
        await _mux.DisposeAsync();
    }

    internal static SignalingClientOptions Options(SessionFixture world, ChannelSettings channel, ChannelRole role, string? clientId) => new()
    {
        ChannelEndpoint = channel.Wss,
        ChannelArn = channel.Arn,
        Role = role,
        ClientId = clientId,
        Region = SessionFixture.Region,
        Credentials = new StaticCredentialsSource(SessionFixture.Operator),
        ServerCertificateValidation = SessionFixture.TrustAll,
    };
}

/// <summary>A listener as the browser would be: VIEWER of a language channel, offering to receive audio.</summary>
public sealed class TestListener : IAsyncDisposable
{
    private static readonly DtlsCertificate Certificate = DtlsCertificate.Generate();
    private readonly UdpMux _mux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly KvsSignalingClient _signaling;
    private readonly CancellationTokenSource _stop = new();
    private Task? _reader;

    public TestListener(SessionFixture world, ChannelSettings channel, string clientId)
    {
        ClientId = clientId;
        _signaling = new KvsSignalingClient(TestSpeaker.Options(world, channel, ChannelRole.Viewer, clientId));
        Peer = new AudioPeerConnection(_mux, new PeerConnectionOptions { Certificate = Certificate, Direction = MediaDirection.RecvOnly, IceLite = false });
        Peer.AudioReceived += (in header, payload) => Received.Enqueue(payload.ToArray());
    }

    public string ClientId { get; }

    public AudioPeerConnection Peer { get; }

    public ConcurrentQueue<byte[]> Received { get; } = new();

    /// <summary>An answer came that takes media: the worker admitted this listener.</summary>
    public bool Answered { get; private set; }

    /// <summary>An answer came that rejects every section: the worker refused this listener.</summary>
    public bool Refused { get; private set; }

    public async Task StartAsync()
    {
        await _signaling.ConnectAsync();
        _reader = Task.Run(async () =>
        {
            await foreach (var message in _signaling.ReadAllAsync(_stop.Token))
            {
                if (message.Type == SignalingMessageTypes.SdpAnswer && message.Sdp is { } answer && !Answered && !Refused)
                {
                    if (AudioSdp.IsRefusal(SessionDescription.Parse(answer)))
                    {
                        Refused = true;
                        continue;
                    }
                    Answered = true;
                    Peer.SetRemoteAnswer(answer);
                }
            }
        });
        await _signaling.SendSdpOfferAsync(Peer.CreateOffer());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _signaling.DisposeAsync();
        if (_reader is not null)
        {
            await _reader.ContinueWith(_ => { }, TaskScheduler.Default);
        }
        await Peer.DisposeAsync();
        await _mux.DisposeAsync();
    }
}
