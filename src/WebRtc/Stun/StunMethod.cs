namespace BroadcastOperator.WebRtc.Stun;

/// <summary>STUN methods we use; other 12-bit values parse and are carried as numbers.</summary>
public enum StunMethod : ushort
{
    Binding = 0x001,
}
