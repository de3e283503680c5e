using System.Runtime.InteropServices;

namespace BroadcastOperator.WebRtc.Mux;

/// <summary>sendmmsg(2): many datagrams, each to its own address, in one system call.</summary>
internal static unsafe partial class LinuxSendMany
{
    private const int Interrupted = 4; // EINTR

    /// <summary>The message header layout of <see cref="DatagramBatch"/> is 64-bit Linux's.</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    /// <summary>Sends the whole batch; a datagram the kernel refuses (its error is only that datagram's) is skipped.</summary>
    public static int Send(SafeHandle socket, DatagramBatch batch)
    {
        var added = false;
        socket.DangerousAddRef(ref added); // the descriptor cannot be closed and reused mid-call
        try
        {
            var descriptor = socket.DangerousGetHandle();
            int next = 0, sent = 0;
            while (next < batch.Count)
            {
                var result = SendMessages(descriptor, batch.Headers(next), (uint)(batch.Count - next), flags: 0);
                if (result > 0)
                {
                    next += result;
                    sent += result;
                }
                else if (result == 0 || Marshal.GetLastPInvokeError() != Interrupted)
                {
                    next++; // sendmmsg reports an error only for the first datagram it could not send
                }
            }

            return sent;
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    private static partial int SendMessages(nint socket, DatagramBatch.MessageHeader* messages, uint count, int flags);
}
