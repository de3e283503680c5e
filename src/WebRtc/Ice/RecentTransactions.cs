using System.Buffers.Binary;
using System.Net;

namespace BroadcastOperator.WebRtc.Ice;

/// <summary>
/// The source address of recently answered checks, by transaction id. A retransmission comes from
/// the same address; the same transaction from elsewhere is a replay of a captured packet.
/// </summary>
internal sealed class RecentTransactions
{
    private readonly int _capacity;
    private readonly Dictionary<(ulong, uint), IPEndPoint> _sources = [];
    private readonly Queue<(ulong, uint)> _order = new();
    private readonly object _gate = new();

    public RecentTransactions(int capacity) => _capacity = capacity;

    /// <summary>Records the transaction's source; false when it was already seen from another address.</summary>
    public bool TryRecord(ReadOnlySpan<byte> transactionId, IPEndPoint source)
    {
        var key = (BinaryPrimitives.ReadUInt64BigEndian(transactionId), BinaryPrimitives.ReadUInt32BigEndian(transactionId[8..]));
        lock (_gate)
        {
            if (_sources.TryGetValue(key, out var first))
            {
                return first.Equals(source);
            }

            if (_order.Count == _capacity)
            {
                _sources.Remove(_order.Dequeue());
            }

            _order.Enqueue(key);
            _sources.Add(key, source);
            return true;
        }
    }
}
