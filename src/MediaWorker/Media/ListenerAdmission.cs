namespace BroadcastOperator.MediaWorker.Media;

/// <summary>
/// Counts listeners across all languages of the session and enforces maxListeners: a listener
/// past the limit is refused before any media state is created for it.
/// </summary>
public sealed class ListenerAdmission(int maxListeners)
{
    private int _admitted;

    public int MaxListeners => maxListeners;

    public bool TryAdmit()
    {
        while (true)
        {
            var current = Volatile.Read(ref _admitted);
            if (current >= maxListeners)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref _admitted, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    public void Release() => Interlocked.Decrement(ref _admitted);
}
