using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Stages;

namespace BroadcastOperator.Speech.Pipeline;

/// <summary>
/// A recognizer whose engine is loaded only while a speaker is there: <see cref="PrepareForSpeech"/> (the speaker's
/// audio arriving) starts loading it in the background, and it is released again once no audio has come for
/// <see cref="IdleRelease"/>. pocketsphinx's en-us models hold most of an idle worker's memory, and a session
/// mostly waits for its speaker. One timer, armed only while the engine is loaded, looks for the idle time.
/// </summary>
public sealed class OnDemandRecognizer : ISpeechRecognizer
{
    private readonly Func<ISpeechRecognizer> _load;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _use = new(1, 1); // one call or one release at a time
    private readonly ITimer _idleCheck;
    private Task<ISpeechRecognizer>? _loading;
    private long _lastAudioAt;
    private bool _inPhrase;
    private bool _disposed;

    public OnDemandRecognizer(string language, Func<ISpeechRecognizer> load, TimeSpan idleRelease, TimeProvider? time = null)
    {
        Language = language;
        _load = load;
        IdleRelease = idleRelease;
        _time = time ?? TimeProvider.System;
        _idleCheck = _time.CreateTimer(_ => _ = ReleaseIfIdleAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string Language { get; }

    public TimeSpan IdleRelease { get; }

    /// <summary>True while the engine is loaded or loading.</summary>
    public bool Loaded => Volatile.Read(ref _loading) is not null;

    /// <summary>Raised when the engine starts loading (the speaker's audio arrived after none for a while).</summary>
    public event Action? LoadStarted;

    /// <summary>Raised after the engine was released for lack of audio.</summary>
    public event Action? Released;

    /// <summary>Speaker audio is arriving: load the engine now, ahead of the first phrase. Cheap when it is loaded.</summary>
    public void PrepareForSpeech()
    {
        Volatile.Write(ref _lastAudioAt, _time.GetTimestamp());
        if (Volatile.Read(ref _loading) is null)
        {
            _ = EnsureLoadingAsync();
        }
    }

    public async ValueTask StartPhraseAsync(PhraseId phrase, TimeSpan start, CancellationToken cancellationToken)
    {
        await UseAsync(async engine =>
        {
            _inPhrase = true;
            await engine.StartPhraseAsync(phrase, start, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<RecognizedSegment?> AcceptAudioAsync(ReadOnlyMemory<short> samples16k, CancellationToken cancellationToken) =>
        await UseAsync(engine => engine.AcceptAudioAsync(samples16k, cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);

    public async ValueTask<RecognizedSegment> EndPhraseAsync(TimeSpan end, CancellationToken cancellationToken) =>
        await UseAsync(async engine =>
        {
            _inPhrase = false;
            return await engine.EndPhraseAsync(end, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        await _idleCheck.DisposeAsync().ConfigureAwait(false);
        await _use.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            await UnloadAsync().ConfigureAwait(false);
        }
        finally
        {
            _use.Release();
        }
    }

    private async Task<T> UseAsync<T>(Func<ISpeechRecognizer, Task<T>> call, CancellationToken cancellationToken)
    {
        await _use.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Volatile.Write(ref _lastAudioAt, _time.GetTimestamp());
            var engine = await EnsureLoadingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            return await call(engine).ConfigureAwait(false);
        }
        finally
        {
            _use.Release();
        }
    }

    private Task<ISpeechRecognizer> EnsureLoadingAsync()
    {
        var loading = new Task<ISpeechRecognizer>(_load);
        if (Interlocked.CompareExchange(ref _loading, loading, null) is { } running)
        {
            return running;
        }

        loading.Start(TaskScheduler.Default);
        _ = loading.ContinueWith(t =>
        {
            if (t.IsFaulted)
            {
                // A failed load is tried again on the next audio rather than remembered.
                Interlocked.CompareExchange(ref _loading, null, loading);
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _idleCheck.Change(IdleRelease, Timeout.InfiniteTimeSpan);
        LoadStarted?.Invoke();
        return loading;
    }

    private async Task ReleaseIfIdleAsync()
    {
        if (!await _use.WaitAsync(0).ConfigureAwait(false))
        {
            _idleCheck.Change(IdleRelease, Timeout.InfiniteTimeSpan); // in use right now: not idle
            return;
        }

        var released = false;
        try
        {
            var quiet = _time.GetElapsedTime(Volatile.Read(ref _lastAudioAt));
            if (_disposed || _loading is null)
            {
                return;
            }

            if (quiet < IdleRelease || _inPhrase)
            {
                _idleCheck.Change(quiet < IdleRelease ? IdleRelease - quiet : IdleRelease, Timeout.InfiniteTimeSpan);
                return;
            }

            await UnloadAsync().ConfigureAwait(false);
            released = true;
        }
        catch (ObjectDisposedException)
        {
            // the recognizer is being disposed
        }
        finally
        {
            _use.Release();
        }

        if (released)
        {
            Released?.Invoke();
        }
    }

    private async Task UnloadAsync()
    {
        var loading = Interlocked.Exchange(ref _loading, null);
        if (loading is null)
        {
            return;
        }

        try
        {
            var engine = await loading.ConfigureAwait(false);
            await engine.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // the load failed: nothing to release
        }
    }
}
