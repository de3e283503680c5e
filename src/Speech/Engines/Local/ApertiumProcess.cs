using System.Diagnostics;
using System.Text;

namespace BroadcastOperator.Speech.Engines.Local;

/// <summary>
/// A long-lived apertium pipeline for one pair in null-flush mode: write text and NUL, read until NUL. The
/// models stay loaded, so a phrase costs milliseconds instead of a process start. One request at a time; a
/// pipeline that dies or stops answering is killed and started again on the next request.
/// </summary>
public sealed class ApertiumProcess : IAsyncDisposable
{
    private readonly ApertiumMode _mode;
    private readonly TimeSpan _timeout;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly byte[] _readBuffer = new byte[4096];
    private Process? _process;

    public ApertiumProcess(ApertiumMode mode, TimeSpan? timeout = null)
    {
        _mode = mode;
        _timeout = timeout ?? TimeSpan.FromSeconds(10);
    }

    public async Task<string> TranslateAsync(string text, CancellationToken cancellationToken)
    {
        var input = ApertiumText.Sanitize(text);
        if (!input.Any(char.IsLetterOrDigit))
        {
            return "";
        }

        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var process = EnsureStarted();
            var request = Encoding.UTF8.GetBytes(input + " \0"); // the blank before NUL makes lt-proc -b flush
            var stdin = process.StandardInput.BaseStream;
            await stdin.WriteAsync(request, cancellationToken).ConfigureAwait(false);
            await stdin.FlushAsync(cancellationToken).ConfigureAwait(false);
            var reply = await ReadReplyAsync(process, cancellationToken).WaitAsync(_timeout, cancellationToken).ConfigureAwait(false);
            return ApertiumText.CleanOutput(reply);
        }
        catch (Exception e) when (e is TimeoutException or IOException or OperationCanceledException)
        {
            Stop(); // the pipeline's state is unknown now: never reuse it
            if (e is OperationCanceledException)
            {
                throw;
            }

            throw new InvalidOperationException($"apertium {_mode.Name} did not answer: {e.Message}", e);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _oneAtATime.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<string> ReadReplyAsync(Process process, CancellationToken cancellationToken)
    {
        var stdout = process.StandardOutput.BaseStream;
        var reply = new MemoryStream();
        while (true)
        {
            var read = await stdout.ReadAsync(_readBuffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("the apertium pipeline exited");
            }

            var chunk = _readBuffer.AsSpan(0, read);
            var nul = chunk.IndexOf((byte)0);
            if (nul < 0)
            {
                reply.Write(chunk);
                continue;
            }

            reply.Write(chunk[..nul]);
            return Encoding.UTF8.GetString(reply.GetBuffer(), 0, (int)reply.Length);
        }
    }

    private Process EnsureStarted()
    {
        if (_process is { HasExited: false })
        {
            return _process;
        }

        Stop();
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(_mode.NullFlushPipeline());
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start apertium");
        return _process;
    }

    private void Stop()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        process.Dispose();
    }
}
