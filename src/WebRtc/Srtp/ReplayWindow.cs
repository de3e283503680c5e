namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>
/// Sliding replay window over packet indices (RFC 3711 §3.3.2): the highest index seen and a
/// 128-bit map of which of the 128 indices at or below it were received. A mutable struct held
/// inside its stream state so that checking a packet allocates nothing.
/// </summary>
internal struct ReplayWindow
{
    public const int Size = 128;

    private UInt128 _received; // bit n = (Highest - n) was received
    private bool _hasAny;

    public ulong Highest { get; private set; }

    public readonly bool HasAny => _hasAny;

    /// <summary>True when <paramref name="index"/> was already accepted or is too old to tell.</summary>
    public readonly bool IsReplay(ulong index)
    {
        if (!_hasAny || index > Highest)
        {
            return false;
        }

        var age = Highest - index;
        return age >= Size || ((_received >> (int)age) & UInt128.One) != UInt128.Zero;
    }

    /// <summary>Records an authenticated packet; call only after <see cref="IsReplay"/> said no.</summary>
    public void Accept(ulong index)
    {
        if (!_hasAny)
        {
            _hasAny = true;
            Highest = index;
            _received = UInt128.One;
            return;
        }

        if (index > Highest)
        {
            var advance = index - Highest;
            _received = advance >= Size ? UInt128.One : (_received << (int)advance) | UInt128.One;
            Highest = index;
            return;
        }

        _received |= UInt128.One << (int)(Highest - index);
    }
}
