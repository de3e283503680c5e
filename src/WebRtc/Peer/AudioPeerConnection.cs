using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Ice;
using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Rtcp;
using BroadcastOperator.WebRtc.Rtp;
using BroadcastOperator.WebRtc.Sdp;
using BroadcastOperator.WebRtc.Srtp;
using BroadcastOperator.WebRtc.Stun;

namespace BroadcastOperator.WebRtc.Peer;

/// <summary>
/// One WebRTC audio peer on a shared <see cref="UdpMux"/>: ICE (lite, or controlling for our own
/// clients), DTLS-SRTP keyed from the handshake after the remote fingerprint matched, and one Opus
/// track each way. Signaling is the caller's: <see cref="CreateOffer"/> / <see cref="SetRemoteAnswer"/>
/// or <see cref="AcceptOffer"/>. Received audio arrives on the mux's receive loop through
/// <see cref="AudioReceived"/>; <see cref="SendAudio"/> may be called from any one thread at a time.
/// </summary>
public sealed class AudioPeerConnection : IMuxPeer, IAsyncDisposable
{
    private const int SamplesPer20Ms = 960;
    private const int SrtpRoom = 64; // what a buffer keeps free for the SRTP tag
    private readonly object _gate = new();
    private readonly UdpMux _mux;
    private readonly PeerConnectionOptions _options;
    private readonly IPeerIce _ice;
    private readonly IDisposable _ticks;
    private readonly byte[] _receiveBuffer = new byte[1500];
    private readonly byte[] _sendBuffer = new byte[1500];
    private readonly byte[] _rtcpBuffer = new byte[1500];
    private readonly long _created;
    private readonly InboundLossRecovery _inbound;
    private readonly ReofferHandler _reoffers;
    private readonly PeerRtcpReporter _rtcp;
    private readonly Action<byte[], IPEndPoint> _sendTo;
    private RtpPacketizer? _packetizer;
    private DtlsSrtpTransport? _dtls;
    private SrtpSession? _srtp;
    private RemoteAudioDescription? _remote;
    private MediaDirection _negotiated = MediaDirection.Inactive;
    private bool _offered;
    private (IPEndPoint EndPoint, SocketAddress Address)? _mediaTarget;
    private int _handshakeStarted;
    private bool _peerHoldsTheKeys; // touched only on the mux's receive loop
    private IPEndPoint? _dtlsPeer;
    private PeerConnectionState _state = PeerConnectionState.New;
    private int? _redPayloadType; // negotiated RED, both ways: an answer reuses the offer's payload type
    private bool _nack;
    private OutboundLossRecovery? _outbound; // null unless we send with RED or NACK negotiated

    public AudioPeerConnection(UdpMux mux, PeerConnectionOptions options)
    {
        _mux = mux;
        _options = options;
        _created = options.Time.GetTimestamp();
        _ice = options.IceLite
            ? new LitePeerIce(new IceLiteOptions { ConsentTimeout = options.ConsentTimeout }, options.Time)
            : new ControllingPeerIce(options.ConsentTimeout, options.Time);
        _ice.Changed += OnIceChanged;
        _inbound = new InboundLossRecovery(options.Time, _created);
        _reoffers = new ReofferHandler(_ice, mux, this);
        _sendTo = (datagram, remote) => _mux.Send(datagram, remote);
        Ssrc = options.Ssrc != 0 ? options.Ssrc : (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);
        _rtcp = new PeerRtcpReporter(Ssrc, CName, options.Time);
        _mux.Register(this);
        var interval = options.IceLite ? options.ConsentInterval : TimeSpan.FromMilliseconds(50);
        _ticks = PeerTicker.Subscribe(options.Time, interval, Tick);
    }

    /// <summary>Raised on every state change, outside internal locks.</summary>
    public event Action<PeerConnectionState>? StateChanged;

    /// <summary>Inbound Opus RTP after SRTP, on the mux's receive thread.</summary>
    public event RtpPayloadHandler? AudioReceived;

    /// <summary>Inbound RTCP compound packets after SRTCP (reports, NACK, BYE), on the mux's receive thread.</summary>
    public event Action<IReadOnlyList<IRtcpPacket>>? RtcpReceived;

    public PeerConnectionState State => _state;

    public uint Ssrc { get; }

    /// <summary>The RTCP CNAME of our stream (RFC 7022: random per connection).</summary>
    public string CName { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12));

    public string LocalUfrag => _ice.Local.Ufrag;

    /// <summary>Where our media goes, once ICE has a pair.</summary>
    public IPEndPoint? RemoteEndPoint => _ice.Selected;

    /// <summary>Inbound SRTP/SRTCP drops (replayed, bad tag, malformed); null before keys.</summary>
    public SrtpDropCounters? InboundDrops => _srtp?.Inbound.Drops;

    /// <summary>Why the connection failed, when <see cref="State"/> is <see cref="PeerConnectionState.Failed"/>.</summary>
    public string? FailureReason { get; private set; }

    public long PacketsReceived { get; private set; }

    /// <summary>Completes when the DTLS handshake thread has ended (its post-handshake linger over, or closed).</summary>
    internal Task DtlsThreadEnded => _dtls?.Completion ?? Task.CompletedTask;

    public long PacketsSent { get; private set; }

    /// <summary>Whether RED (RFC 2198) was negotiated; it is then sent and understood.</summary>
    public bool RedNegotiated => _redPayloadType is not null;

    /// <summary>Whether generic NACK was negotiated.</summary>
    public bool NackNegotiated => _nack;

    /// <summary>Packets that came as RED (RFC 2198), each carrying earlier frames again.</summary>
    public long PacketsReceivedAsRed { get; private set; }

    /// <summary>Lost packets recovered from the redundant block of a later RED packet.</summary>
    public long PacketsRecoveredByRed => _inbound.PacketsRecoveredByRed;

    /// <summary>Packets sent again because the remote NACKed them.</summary>
    public long PacketsRetransmitted => _outbound?.PacketsRetransmitted ?? 0;

    /// <summary>Sequence numbers this peer asked the remote to resend.</summary>
    public long PacketsNacked => _inbound.PacketsNacked;

    /// <summary>Our offer (a=setup:actpass); follow with <see cref="SetRemoteAnswer"/>.</summary>
    public string CreateOffer()
    {
        _offered = true;
        return AudioSdp.CreateOffer(LocalSdpOptions()).ToString();
    }

    /// <summary>Sets the remote offer and returns our answer; DTLS starts as soon as ICE allows.</summary>
    public string AcceptOffer(string offerSdp)
    {
        var offer = PeerSdp.ParseRemote(offerSdp, out var remote);
        var answer = AudioSdp.CreateAnswer(offer, LocalSdpOptions());
        RemoteAudioDescription.TryRead(answer, out var ours, out _);
        Start(remote, ourSetup: ours!.Setup, ourDirection: ours.Direction, ours.RedPayloadType, ours.Nack);
        return answer.ToString();
    }

    /// <summary>
    /// A new offer from the remote this connection answered: answered here when it keeps the DTLS association (an ICE
    /// restart, <see cref="IceRestart"/>); false when it needs a new connection, which the caller makes.
    /// </summary>
    public bool TryAcceptReoffer(string offerSdp, out string answer)
    {
        answer = string.Empty;
        var offer = PeerSdp.ParseRemote(offerSdp, out var remote);
        lock (_gate)
        {
            if (_reoffers.Apply(_remote, _offered, remote) == ReofferKind.NewConnection)
            {
                return false;
            }

            _remote = remote;
        }

        answer = AudioSdp.CreateAnswer(offer, LocalSdpOptions()).ToString();
        return true;
    }

    /// <summary>True from an ICE restart until the remote's first check with its new credentials: it has lost its path.</summary>
    public bool IceRestarting => _reoffers.IceRestarting;

    public void SetRemoteAnswer(string answerSdp)
    {
        if (!_offered)
        {
            throw new InvalidOperationException("SetRemoteAnswer needs CreateOffer first.");
        }

        PeerSdp.ParseRemote(answerSdp, out var remote);
        var ourSetup = remote.Setup == DtlsSetup.Active ? DtlsSetup.Passive : DtlsSetup.Active;
        Start(remote, ourSetup, PeerSdp.ReverseOf(remote.Direction), remote.RedPayloadType, remote.Nack);
    }

    /// <summary>
    /// A trickled remote candidate (the <c>a=candidate</c> value, with or without "candidate:").
    /// The lite side ignores it: it learns addresses from authenticated checks.
    /// </summary>
    public void AddRemoteCandidate(string candidate)
    {
        if (IceCandidate.TryParse(candidate, out var parsed) && parsed.IsUdp && parsed.Component == 1
            && parsed.TryGetEndPoint() is { } endPoint && _ice.AddRemoteCandidate(parsed))
        {
            _mux.Route(endPoint, this);
        }
    }

    /// <summary>The sequence number <see cref="SendAudio"/> gives its next packet (0 before the keys are installed).</summary>
    public ushort NextSequenceNumber
    {
        get
        {
            lock (_sendBuffer)
            {
                return _packetizer?.NextSequenceNumber ?? 0;
            }
        }
    }

    /// <summary>Packetizes one Opus frame (20 ms by default), protects it and sends it; false when not connected or not sending.</summary>
    public bool SendAudio(ReadOnlySpan<byte> opusFrame, int samples = SamplesPer20Ms, bool marker = false)
    {
        lock (_sendBuffer)
        {
            if (_packetizer is null || opusFrame.Length > _sendBuffer.Length - RtpHeader.FixedLength - SrtpRoom)
            {
                return false;
            }

            var length = _packetizer.Packetize(opusFrame, samples, _sendBuffer, marker);
            return TryProtect(_sendBuffer, length, out var protectedLength, out var target) && _mux.Send(_sendBuffer.AsSpan(0, protectedLength), target);
        }
    }

    /// <summary>
    /// Protects and sends an RTP packet packetized once for many listeners (fan-out). The packet is
    /// copied and given this peer's negotiated payload type and SSRC (Chrome says 111, Firefox 109);
    /// sequence number and timestamp stay shared.
    /// </summary>
    public bool SendRtp(ReadOnlySpan<byte> rtpPacket)
    {
        lock (_sendBuffer)
        {
            return StampAndProtect(rtpPacket, _sendBuffer, out var protectedLength, out var target)
                && _mux.Send(_sendBuffer.AsSpan(0, protectedLength), target);
        }
    }

    /// <summary>
    /// As <see cref="SendRtp"/>, but the protected copy goes into <paramref name="batch"/>, for the caller to send many
    /// listeners' copies in one call (<see cref="UdpMux.Send(DatagramBatch)"/> on this peer's mux); false when not
    /// connected or not sending. The batch must have room.
    /// </summary>
    public bool AddRtpTo(DatagramBatch batch, ReadOnlySpan<byte> rtpPacket)
    {
        lock (_sendBuffer)
        {
            var slot = batch.NextSlot;
            if (!StampAndProtect(rtpPacket, slot, out var protectedLength, out var target))
            {
                return false;
            }

            batch.Commit(protectedLength, target);
            return true;
        }
    }

    /// <summary>The UDP port this peer's datagrams leave from.</summary>
    public UdpMux Mux => _mux;

    private bool StampAndProtect(ReadOnlySpan<byte> rtpPacket, Span<byte> destination, out int protectedLength, out SocketAddress target)
    {
        protectedLength = 0;
        target = null!;
        if (_packetizer is null || rtpPacket.Length < RtpHeader.FixedLength || rtpPacket.Length > destination.Length - SrtpRoom)
        {
            return false;
        }

        rtpPacket.CopyTo(destination);
        destination[1] = (byte)((destination[1] & 0x80) | _packetizer.PayloadType);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Ssrc);
        return TryProtect(destination, rtpPacket.Length, out protectedLength, out target);
    }

    public async ValueTask DisposeAsync()
    {
        _ticks.Dispose();
        _mux.Unregister(this);
        _ice.Close();
        _dtls?.Dispose();
        if (_dtls is not null)
        {
            try
            {
                await _dtls.Completion.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Its thread is a background thread; closing must not hang or throw because of it.
            }
        }

        SetState(PeerConnectionState.Closed);
        lock (_sendBuffer)
        {
            _srtp?.Dispose();
            _srtp = null;
            _packetizer = null;
        }
    }

    bool IMuxPeer.HandleStun(StunMessage message, ReadOnlySpan<byte> datagram, IPEndPoint remote) =>
        _ice.HandleStun(message, datagram, remote, _sendTo);

    void IMuxPeer.HandleDtls(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        if (_ice.IsValidated(remote))
        {
            _dtlsPeer = remote;
            _dtls?.TryEnqueueDatagram(datagram);
        }
    }

    void IMuxPeer.HandleRtp(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        var srtp = _srtp;
        if (srtp is null || !_ice.IsValidated(remote) || datagram.Length > _receiveBuffer.Length)
        {
            return;
        }

        var packet = _receiveBuffer.AsSpan(0, datagram.Length);
        datagram.CopyTo(packet);
        if (RtpHeader.IsRtcp(packet))
        {
            if (srtp.Inbound.UnprotectRtcp(packet, out var rtcpLength) == SrtpStatus.Ok)
            {
                PeerHoldsTheKeys();
                if (RtcpCompoundPacket.TryParse(packet[..rtcpLength], out var reports))
                {
                    _rtcp.OnRtcpReceived(reports);
                    Retransmit(reports);
                    RtcpReceived?.Invoke(reports);
                }
            }

            return;
        }

        if (srtp.Inbound.UnprotectRtp(packet, out var plainLength) != SrtpStatus.Ok)
        {
            return;
        }

        PeerHoldsTheKeys();
        if (!RtpHeader.TryParse(packet[..plainLength], out var header) || _remote is not { } negotiated
            || (header.PayloadType != negotiated.OpusPayloadType && header.PayloadType != _redPayloadType))
        {
            return;
        }

        PacketsReceived++;
        _rtcp.OnRtpReceived(header);
        var payload = packet.Slice(header.PayloadOffset, header.PayloadLength(plainLength));
        if (header.PayloadType != negotiated.OpusPayloadType)
        {
            PacketsReceivedAsRed++;
        }

        _inbound.OnPacket(header, payload, (byte)negotiated.OpusPayloadType, AudioReceived);
        SendNacksIfDue();
    }

    /// <summary>Answers the remote's generic NACKs for our stream with the packets we still hold; on the receive thread.</summary>
    private void Retransmit(IReadOnlyList<IRtcpPacket> reports)
    {
        if (_outbound is not { Resends: true } outbound)
        {
            return;
        }

        foreach (var report in reports)
        {
            if (report is not GenericNack nack || nack.MediaSsrc != Ssrc)
            {
                continue;
            }

            lock (_sendBuffer)
            {
                outbound.Resend(nack, this, static (peer, packet, length) =>
                    peer.TryProtectAny(packet, length, out var protectedLength, out var target) && peer._mux.Send(packet.AsSpan(0, protectedLength), target));
            }
        }
    }

    /// <summary>Asks the remote for the packets the gaps say are missing, when NACK was negotiated.</summary>
    private void SendNacksIfDue()
    {
        if (_inbound.TakeDueNack(Ssrc) is not { } nack)
        {
            return;
        }

        lock (_sendBuffer) // the RTCP buffer is the reports' too, under the same lock
        {
            if (_srtp is not { } srtp || _ice.Selected is not { } remote || nack.GetSerializedSize() > _rtcpBuffer.Length - SrtpRoom)
            {
                return;
            }

            var length = nack.WriteTo(_rtcpBuffer);
            if (srtp.Outbound.ProtectRtcp(_rtcpBuffer, length, out var protectedLength) == SrtpStatus.Ok)
            {
                _mux.Send(_rtcpBuffer.AsSpan(0, protectedLength), remote);
            }
        }
    }

    /// <summary>The peer's first authenticated packet: it completed the DTLS handshake, so its thread need not linger.</summary>
    private void PeerHoldsTheKeys()
    {
        if (!_peerHoldsTheKeys)
        {
            _peerHoldsTheKeys = true;
            _dtls?.StopLingering();
        }
    }

    /// <summary>
    /// Protects a fresh RTP packet in <paramref name="buffer"/> in place (first made RED and kept for NACKs, when
    /// negotiated) and says where it goes; under the send lock.
    /// </summary>
    private bool TryProtect(Span<byte> buffer, int length, out int protectedLength, out SocketAddress target)
    {
        protectedLength = 0;
        target = null!;
        if (_srtp is null || _ice.Selected is null || !_negotiated.Sends())
        {
            return false;
        }

        if (_outbound is { } outbound)
        {
            length = outbound.OnSending(buffer[..(buffer.Length - SrtpRoom)], length);
        }

        return TryProtectAny(buffer, length, out protectedLength, out target);
    }

    /// <summary>Protects an RTP packet, fresh or resent, in place and says where it goes; under the send lock.</summary>
    private bool TryProtectAny(Span<byte> buffer, int length, out int protectedLength, out SocketAddress target)
    {
        protectedLength = 0;
        target = null!;
        if (_srtp is not { } srtp || _ice.Selected is not { } remote || !_negotiated.Sends())
        {
            return false;
        }

        var payloadLength = RtpHeader.TryParse(buffer[..length], out var header) ? header.PayloadLength(length) : 0;
        if (srtp.Outbound.ProtectRtp(buffer, length, out protectedLength) != SrtpStatus.Ok)
        {
            return false;
        }

        _rtcp.OnRtpSent(buffer, payloadLength);
        if (_mediaTarget is not { } cached || !cached.EndPoint.Equals(remote))
        {
            cached = (remote, remote.Serialize()); // once per selected pair, not per packet
            _mediaTarget = cached;
        }

        PacketsSent++;
        target = cached.Address;
        return true;
    }

    private void Start(RemoteAudioDescription remote, DtlsSetup ourSetup, MediaDirection ourDirection, int? redPayloadType, bool nack)
    {
        var fingerprint = DtlsFingerprint.Parse(remote.Fingerprint.ToString());
        var candidates = remote.Candidates.Where(c => c.IsUdp && c.Component == 1 && c.TryGetEndPoint() is not null).ToList();
        var role = ourSetup == DtlsSetup.Active ? DtlsRole.Client : DtlsRole.Server;
        lock (_gate)
        {
            if (_remote is not null)
            {
                throw new InvalidOperationException("The remote description is already set.");
            }

            _remote = remote;
            _negotiated = ourDirection;
            _redPayloadType = redPayloadType;
            _nack = nack;
            _ice.SetRemote(remote.IceUfrag, remote.IcePassword, candidates);
            _dtls = new DtlsSrtpTransport(role, _options.Certificate, fingerprint, SendDtls, _options.Dtls);
        }

        foreach (var candidate in _options.IceLite ? [] : candidates)
        {
            _mux.Route(candidate.TryGetEndPoint()!, this); // our controlling client checks every candidate: route their answers here
        }

        SetState(PeerConnectionState.Connecting);
        if (role == DtlsRole.Server)
        {
            _ = RunHandshakeAsync(); // the server waits for the ClientHello, which can only come after ICE
        }
        else
        {
            OnIceChanged();
        }
    }

    /// <summary>
    /// To the selected pair, or before nomination to the validated address the peer's DTLS came from: a browser starts
    /// its handshake as soon as one check succeeds, and a dropped server flight would cost it a retransmission timeout.
    /// </summary>
    private void SendDtls(ReadOnlySpan<byte> datagram)
    {
        if ((_ice.Selected ?? _dtlsPeer) is { } remote)
        {
            _mux.Send(datagram, remote);
        }
    }

    private void OnIceChanged()
    {
        if (_ice.IsConnected && _dtls is { Role: DtlsRole.Client })
        {
            _ = RunHandshakeAsync(); // the client's first flight needs a pair to go to
        }

        if (_srtp is not null)
        {
            SetState(_ice.IsConnected ? PeerConnectionState.Connected : PeerConnectionState.Disconnected);
        }
    }

    private async Task RunHandshakeAsync()
    {
        if (Interlocked.Exchange(ref _handshakeStarted, 1) == 1)
        {
            return; // ICE events can race; the keys must be installed exactly once
        }

        try
        {
            var keys = await _dtls!.HandshakeAsync().ConfigureAwait(false);
            lock (_sendBuffer)
            {
                _srtp = keys.CreateSession();
                _packetizer = new RtpPacketizer(Ssrc, (byte)_remote!.OpusPayloadType);
                if (_negotiated.Sends())
                {
                    _outbound = OutboundLossRecovery.For(_redPayloadType, _nack, _options.Time, _created, SrtpRoom);
                }

                if (_nack && _negotiated.Receives())
                {
                    _inbound.StartNacking();
                }
            }

            SetState(_ice.IsConnected ? PeerConnectionState.Connected : PeerConnectionState.Disconnected);
            _ = _dtls.Completion.ContinueWith(_ => EndIfPeerClosed(), TaskScheduler.Default);
        }
        catch (DtlsHandshakeException e)
        {
            FailureReason = e.Message;
            SetState(PeerConnectionState.Failed);
        }
    }

    /// <summary>A peer's close_notify (while we still read DTLS) ends the connection now rather than at the consent timeout.</summary>
    private void EndIfPeerClosed()
    {
        if (_dtls is { PeerClosed: true })
        {
            FailureReason = "The peer closed its DTLS association (close_notify).";
            SetState(PeerConnectionState.Closed);
        }
    }

    private void Tick()
    {
        _ice.Tick(_sendTo);
        SendRtcpReportIfDue();
        SendNacksIfDue(); // retries: the first request goes out as soon as the gap is seen
    }

    private void SendRtcpReportIfDue()
    {
        lock (_sendBuffer)
        {
            if (_srtp is not { } srtp || _ice.Selected is not { } remote)
            {
                return;
            }

            var length = _rtcp.WriteReportIfDue(_rtcpBuffer.AsSpan(0, _rtcpBuffer.Length - SrtpRoom));
            if (length > 0 && srtp.Outbound.ProtectRtcp(_rtcpBuffer, length, out var protectedLength) == SrtpStatus.Ok)
            {
                _mux.Send(_rtcpBuffer.AsSpan(0, protectedLength), remote);
            }
        }
    }

    private void SetState(PeerConnectionState next)
    {
        lock (_gate)
        {
            if (_state == next || _state is PeerConnectionState.Closed || (_state is PeerConnectionState.Failed && next != PeerConnectionState.Closed))
            {
                return;
            }

            _state = next;
        }

        StateChanged?.Invoke(next);
    }

    private AudioSdpOptions LocalSdpOptions() => new()
    {
        IceUfrag = _ice.Local.Ufrag,
        IcePassword = _ice.Local.Password,
        Fingerprint = PeerSdp.FingerprintOf(_options.Certificate),
        Candidates = _mux.HostEndPoints().Select((endPoint, i) => IceCandidate.Host(endPoint, (i + 1).ToString(CultureInfo.InvariantCulture), 65535 - i)).ToList(),
        Direction = _options.Direction,
        IceLite = _options.IceLite,
        AnswerSetupForActPass = _options.IceLite ? DtlsSetup.Passive : DtlsSetup.Active,
        Ssrc = Ssrc,
        CName = CName,
        Red = _options.Red,
        Nack = _options.Nack,
    };
}
