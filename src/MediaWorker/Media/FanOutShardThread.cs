using System.Runtime.ExceptionServices;
using BroadcastOperator.WebRtc.Peer;

namespace BroadcastOperator.MediaWorker.Media;

/// <summary>
/// A thread that sends its <see cref="FanOutShard"/> of each frame when told to, so one frame's
/// fan-out runs on several cores at once and the last listener waits less.
/// </summary>
internal sealed class FanOutShardThread : IDisposable
{
    private readonly SemaphoreSlim _go = new(0);
    private readonly Thread _thread;
    private AudioPeerConnection[] _listeners = [];
    private Range _range;
    private byte[] _packet = [];
    private int _length;
    private CountdownEvent? _done;
    private ExceptionDispatchInfo? _failure;
    private volatile bool _stopping;

    public FanOutShardThread(string name)
    {
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public FanOutShard Shard { get; } = new();

    /// <summary>Starts sending <c>packet[..length]</c> to <c>listeners[range]</c>; signals <paramref name="done"/> when finished.</summary>
    public void Start(AudioPeerConnection[] listeners, Range range, byte[] packet, int length, CountdownEvent done)
    {
        (_listeners, _range, _packet, _length, _done) = (listeners, range, packet, length, done);
        _go.Release(); // publishes the fields above to the thread
    }

    /// <summary>Rethrows, on the caller's thread, what the last send threw.</summary>
    public void ThrowIfFailed()
    {
        var failure = Interlocked.Exchange(ref _failure, null);
        failure?.Throw();
    }

    public void Dispose()
    {
        _stopping = true;
        _go.Release();
        // The semaphore holds no handle (AvailableWaitHandle is never asked for) and is left to the GC: a send
        // outlasting the join must not find it disposed.
        _thread.Join(TimeSpan.FromSeconds(5));
    }

    private void Run()
    {
        while (true)
        {
            _go.Wait();
            if (_stopping)
            {
                return;
            }

            try
            {
                Shard.Send(_listeners.AsSpan(_range), _packet.AsSpan(0, _length));
            }
#pragma warning disable CA1031 // handed to the sending thread, which rethrows it
            catch (Exception e)
#pragma warning restore CA1031
            {
                _failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                _listeners = []; // no hold on peers that leave before the next frame
                _done!.Signal();
            }
        }
    }
}
