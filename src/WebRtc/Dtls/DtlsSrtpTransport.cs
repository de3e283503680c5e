using BroadcastOperator.WebRtc.Srtp;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace BroadcastOperator.WebRtc.Dtls;

/// <summary>
/// DTLS-SRTP with one peer, over datagrams the caller moves: feed received DTLS datagrams
/// (first byte 20..63, RFC 7983) to <see cref="TryEnqueueDatagram"/>, and <see cref="HandshakeAsync"/>
/// hands back the SRTP keying material once the peer's certificate matched its SDP fingerprint.
/// Its only job is those keys: application data is ignored. <see cref="Dispose"/> (or cancelling
/// the handshake) closes it and ends the handshake thread promptly.
/// </summary>
public sealed class DtlsSrtpTransport : IDisposable
{
    private readonly DtlsCertificate _localCertificate;
    private readonly DtlsFingerprint _expectedRemoteFingerprint;
    private readonly DtlsSrtpOptions _options;
    private readonly QueuedDatagramTransport _transport;
    private readonly TaskCompletionSource<DtlsSrtpKeys> _keys = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _threadEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private const int HandshakeThreadStackBytes = 256 * 1024;
    private int _started;
    private volatile bool _closedByUs;

    public DtlsSrtpTransport(
        DtlsRole role,
        DtlsCertificate localCertificate,
        DtlsFingerprint expectedRemoteFingerprint,
        DatagramSend send,
        DtlsSrtpOptions? options = null)
    {
        Role = role;
        _localCertificate = localCertificate;
        _expectedRemoteFingerprint = expectedRemoteFingerprint;
        _options = options ?? new DtlsSrtpOptions();
        _transport = new QueuedDatagramTransport(send, _options.ReceiveQueueCapacity);
    }

    public DtlsRole Role { get; }

    public bool IsClosed => _transport.IsClosed;

    /// <summary>The peer ended the association itself (close_notify, or a fatal alert) after the handshake.</summary>
    public bool PeerClosed { get; private set; }

    /// <summary>Completes when the handshake thread has ended (after the post-handshake linger, or on close).</summary>
    public Task Completion => _threadEnded.Task;

    /// <summary>Hands a received DTLS datagram to the handshake; false when dropped (closed, full queue, oversized).</summary>
    public bool TryEnqueueDatagram(ReadOnlySpan<byte> datagram) => _transport.TryEnqueue(datagram);

    /// <summary>
    /// Runs the handshake (once; later calls return the same task) on its own thread, since
    /// BouncyCastle blocks. Faults with <see cref="DtlsHandshakeException"/> when no keys result.
    /// </summary>
    public Task<DtlsSrtpKeys> HandshakeAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            // A small stack: a worker may hold many handshakes at once, and BouncyCastle recurses little.
            var thread = new Thread(Run, HandshakeThreadStackBytes) { IsBackground = true, Name = $"dtls-{Role.ToString().ToLowerInvariant()}" };
            thread.Start();
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(Close);
            _keys.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        }

        return _keys.Task;
    }

    /// <summary>
    /// Ends the post-handshake linger early, sending nothing: an authenticated SRTP or SRTCP packet from the peer shows
    /// it finished the handshake (it has our last flight), so no retransmission will need answering and the thread can
    /// go — in a join burst, after a second instead of <see cref="DtlsSrtpOptions.PostHandshakeLinger"/>.
    /// </summary>
    public void StopLingering()
    {
        if (_keys.Task.IsCompletedSuccessfully)
        {
            Close();
        }
    }

    /// <summary>Closes the transport: a running handshake fails at once, the linger loop ends.</summary>
    public void Close()
    {
        _closedByUs = true;
        _transport.Close();
    }

    public void Dispose() => Close();

    private void Run()
    {
        try
        {
            var dtls = Handshake();
            if (dtls is not null)
            {
                Linger(dtls);
            }
        }
        finally
        {
            _threadEnded.TrySetResult();
        }
    }

    private DtlsTransport? Handshake()
    {
        var authentication = new DtlsPeerAuthentication(_localCertificate, _expectedRemoteFingerprint);
        var negotiation = new SrtpProfileNegotiation(_options.SrtpProfiles);
        var crypto = new BcTlsCrypto(new SecureRandom());
        var timeoutMillis = (int)Math.Clamp(_options.HandshakeTimeout.TotalMilliseconds, 1, int.MaxValue);
        try
        {
            DtlsTransport dtls;
            (SrtpProfile Profile, byte[] Material)? result;
            if (Role == DtlsRole.Client)
            {
                var client = new DtlsSrtpClient(crypto, authentication, negotiation, timeoutMillis);
                dtls = new DtlsClientProtocol().Connect(client, _transport);
                result = client.Result;
            }
            else
            {
                var server = new DtlsSrtpServer(crypto, authentication, negotiation, timeoutMillis);
                dtls = new DtlsServerProtocol().Accept(server, _transport);
                result = server.Result;
            }

            if (result is not { } keys)
            {
                throw new DtlsHandshakeException("The handshake ended without SRTP keying material.");
            }

            _keys.TrySetResult(DtlsSrtpKeys.FromKeyingMaterial(keys.Profile, keys.Material, Role));
            return dtls;
        }
        catch (Exception e)
        {
            _transport.Close();
            _keys.TrySetException(e as DtlsHandshakeException ?? new DtlsHandshakeException(Describe(e, authentication), e));
            return null;
        }
    }

    private void Linger(DtlsTransport dtls)
    {
        var buffer = new byte[QueuedDatagramTransport.ReceiveLimit];
        var deadline = _options.PostHandshakeLinger == Timeout.InfiniteTimeSpan
            ? DateTime.MaxValue
            : DateTime.UtcNow + _options.PostHandshakeLinger;
        try
        {
            while (!_transport.IsClosed)
            {
                var remaining = deadline - DateTime.UtcNow;
                if (remaining <= TimeSpan.Zero)
                {
                    break;
                }

                // Retransmissions are answered inside Receive; application data is not ours to read. BouncyCastle
                // closes our transport when the peer's close_notify arrives, which ends this loop.
                dtls.Receive(buffer, 0, buffer.Length, (int)Math.Clamp(remaining.TotalMilliseconds, 1, 60_000));
            }
        }
        catch (Exception)
        {
            // Closed by us, or a fatal alert from the peer: either way nothing more to do here.
        }

        if (!_closedByUs && DateTime.UtcNow < deadline)
        {
            PeerClosed = true;
            _transport.Close();
        }
    }

    private string Describe(Exception error, DtlsPeerAuthentication authentication)
    {
        if (authentication.Failure is { } refused)
        {
            return "DTLS handshake refused: " + refused;
        }

        return error switch
        {
            DtlsTransportClosedException => "DTLS handshake aborted: the transport was closed.",
            TlsTimeoutException => $"DTLS handshake timed out after {_options.HandshakeTimeout.TotalSeconds:0.#} s.",
            TlsFatalAlertReceived received =>
                $"DTLS handshake failed: the peer sent alert {AlertDescription.GetText(received.AlertDescription)}.",
            TlsFatalAlert alert when alert.InnerException is DtlsTransportClosedException =>
                "DTLS handshake aborted: the transport was closed.",
            TlsFatalAlert alert => $"DTLS handshake failed: {AlertDescription.GetText(alert.AlertDescription)} ({alert.Message}).",
            _ => "DTLS handshake failed: " + error.Message,
        };
    }
}
