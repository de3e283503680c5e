using System.Collections.Concurrent;
using BroadcastOperator.WebRtc.Dtls;

namespace BroadcastOperator.WebRtc.Tests.Dtls;

/// <summary>A client and a server of ours joined by an in-memory datagram link.</summary>
internal sealed class DtlsPair : IDisposable
{
    public static readonly DtlsCertificate ClientCertificate = DtlsCertificate.Generate("test client");
    public static readonly DtlsCertificate ServerCertificate = DtlsCertificate.Generate("test server");

    public DtlsPair(
        DtlsFingerprint? clientExpects = null,
        DtlsFingerprint? serverExpects = null,
        DtlsSrtpOptions? clientOptions = null,
        DtlsSrtpOptions? serverOptions = null,
        bool deliverClientDatagrams = true,
        Func<byte[], byte[]>? tamperServerDatagram = null,
        Func<byte[], byte[]>? tamperClientDatagram = null)
    {
        Client = new DtlsSrtpTransport(
            DtlsRole.Client,
            ClientCertificate,
            clientExpects ?? ServerCertificate.Fingerprint,
            datagram =>
            {
                ClientSent.Enqueue(datagram.ToArray());
                if (deliverClientDatagrams)
                {
                    Server!.TryEnqueueDatagram(tamperClientDatagram is null ? datagram : tamperClientDatagram(datagram.ToArray()));
                }
            },
            clientOptions);
        Server = new DtlsSrtpTransport(
            DtlsRole.Server,
            ServerCertificate,
            serverExpects ?? ClientCertificate.Fingerprint,
            datagram => Client.TryEnqueueDatagram(tamperServerDatagram is null ? datagram : tamperServerDatagram(datagram.ToArray())),
            serverOptions);
    }

    public DtlsSrtpTransport Client { get; }

    public DtlsSrtpTransport Server { get; }

    public ConcurrentQueue<byte[]> ClientSent { get; } = new();

    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
