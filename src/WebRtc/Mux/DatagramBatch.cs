using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BroadcastOperator.WebRtc.Mux;

/// <summary>
/// Datagrams gathered for one <c>sendmmsg(2)</c>: a fan-out protects one packet per listener into
/// the batch, then hands the kernel a whole batch in one call instead of one <c>sendto</c> each.
/// Its buffers and message headers are pinned and wired up once, so filling and sending allocate
/// nothing. One batch belongs to one sending thread at a time.
/// </summary>
public sealed unsafe class DatagramBatch
{
    /// <summary>Room for one datagram (an Ethernet MTU).</summary>
    public const int SlotBytes = 1500;

    private const int AddressBytes = 28; // sockaddr_in6, the larger of the two families

    private readonly byte[] _payloads;
    private readonly byte[] _addresses;
    private readonly MessageHeader[] _headers;
    private readonly IoVector[] _vectors;

    public DatagramBatch(int capacity = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _payloads = GC.AllocateArray<byte>(capacity * SlotBytes, pinned: true);
        _addresses = GC.AllocateArray<byte>(capacity * AddressBytes, pinned: true);
        _headers = GC.AllocateArray<MessageHeader>(capacity, pinned: true);
        _vectors = GC.AllocateArray<IoVector>(capacity, pinned: true);
        for (var i = 0; i < capacity; i++)
        {
            // Pinned arrays never move: the headers point into them for the batch's whole life.
            _vectors[i].Base = (nint)Unsafe.AsPointer(ref _payloads[i * SlotBytes]);
            _headers[i].Name = (nint)Unsafe.AsPointer(ref _addresses[i * AddressBytes]);
            _headers[i].Vectors = (nint)Unsafe.AsPointer(ref _vectors[i]);
            _headers[i].VectorCount = 1;
        }
    }

    public int Capacity { get; }

    public int Count { get; private set; }

    public bool IsFull => Count == Capacity;

    /// <summary>Where the next datagram is written before <see cref="Commit"/>.</summary>
    public Span<byte> NextSlot => IsFull ? throw new InvalidOperationException("The batch is full; send it first.") : _payloads.AsSpan(Count * SlotBytes, SlotBytes);

    /// <summary>Takes the first <paramref name="length"/> bytes of <see cref="NextSlot"/> as a datagram to <paramref name="destination"/>.</summary>
    public void Commit(int length, SocketAddress destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, SlotBytes);
        if (destination.Size > AddressBytes)
        {
            throw new ArgumentException($"A socket address of {destination.Size} bytes is not IPv4 or IPv6.", nameof(destination));
        }

        var index = Count;
        destination.Buffer.Span[..destination.Size].CopyTo(_addresses.AsSpan(index * AddressBytes, AddressBytes));
        _headers[index].NameLength = (uint)destination.Size;
        _vectors[index].Length = (nuint)length;
        Count = index + 1;
    }

    public void Clear() => Count = 0;

    /// <summary>The datagram at <paramref name="index"/>, for senders without sendmmsg.</summary>
    internal ReadOnlySpan<byte> Payload(int index) => _payloads.AsSpan(index * SlotBytes, (int)_vectors[index].Length);

    internal SocketAddress Destination(int index, System.Net.Sockets.AddressFamily family)
    {
        var address = new SocketAddress(family, (int)_headers[index].NameLength);
        _addresses.AsSpan(index * AddressBytes, (int)_headers[index].NameLength).CopyTo(address.Buffer.Span);
        return address;
    }

    internal MessageHeader* Headers(int from) => (MessageHeader*)Unsafe.AsPointer(ref _headers[from]);

    /// <summary><c>struct mmsghdr</c> on 64-bit Linux: a <c>struct msghdr</c> and the bytes sent.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 64)]
    internal struct MessageHeader
    {
        [FieldOffset(0)] public nint Name;
        [FieldOffset(8)] public uint NameLength;
        [FieldOffset(16)] public nint Vectors;
        [FieldOffset(24)] public nuint VectorCount;
        [FieldOffset(32)] public nint Control;
        [FieldOffset(40)] public nuint ControlLength;
        [FieldOffset(48)] public int Flags;
        [FieldOffset(56)] public uint BytesSent;
    }

    /// <summary><c>struct iovec</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct IoVector
    {
        public nint Base;
        public nuint Length;
    }
}
