using System.Reflection;
using System.Runtime.InteropServices;

namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>
/// OpenSSL's low-level SHA-1 (SHA1_Init/SHA1_Update from libcrypto.so.3, present wherever .NET
/// runs on Linux). Unlike the EVP/HMAC path behind IncrementalHash it takes a plain SHA_CTX that
/// can be copied, so HMAC midstates cost nothing to resume, and it uses SHA-NI where the CPU has it.
/// The calls are short (at most 2 KB each) and never block or call back, hence no GC transition.
/// </summary>
internal static partial class LibCryptoSha1
{
    private const string Library = "libcrypto.so.3";

    /// <summary>Whether the library and its SHA-1 functions load on this machine.</summary>
    public static bool IsAvailable { get; } = Probe();

    /// <summary>Starts <paramref name="context"/> at SHA-1's initial state.</summary>
    public static void Initialize(ref LibCryptoShaContext context)
    {
        if (Sha1Init(ref context) != 1)
        {
            throw new InvalidOperationException("libcrypto SHA1_Init failed.");
        }
    }

    // Each call without a GC transition must stay short (microseconds): longer input goes in pieces.
    private const int MaxBytesPerCall = 2048;

    /// <summary>Hashes <paramref name="data"/> into <paramref name="context"/>.</summary>
    public static void Update(ref LibCryptoShaContext context, ReadOnlySpan<byte> data)
    {
        do
        {
            var piece = data[..Math.Min(data.Length, MaxBytesPerCall)];
            _ = Sha1Update(ref context, ref MemoryMarshal.GetReference(piece), (nuint)piece.Length);
            data = data[piece.Length..];
        }
        while (!data.IsEmpty);
    }

    private static ReadOnlySpan<byte> AbcDigest =>
        [0xA9, 0x99, 0x3E, 0x36, 0x47, 0x06, 0x81, 0x6A, 0xBA, 0x3E, 0x25, 0x71, 0x78, 0x50, 0xC2, 0x6C, 0x9C, 0xD0, 0xD8, 0x9D];

    private static bool Probe()
    {
        try
        {
            if (!NativeLibrary.TryLoad(Library, Assembly.GetExecutingAssembly(), DllImportSearchPath.SafeDirectories, out var handle))
            {
                return false;
            }

            if (!NativeLibrary.TryGetExport(handle, "SHA1_Init", out _) || !NativeLibrary.TryGetExport(handle, "SHA1_Update", out _))
            {
                return false;
            }

            // Check the binding end to end: SHA-1 of "abc" (FIPS 180-4 example) must come out right.
            var context = default(LibCryptoShaContext);
            Initialize(ref context);
            Span<byte> block = stackalloc byte[Sha1State.BlockLength];
            var length = Sha1Padding.WriteFinalBlocks("abc"u8, 3, block);
            Update(ref context, block[..length]);
            Span<byte> digest = stackalloc byte[HmacSha1.DigestLength];
            context.WriteDigest(digest);
            return digest.SequenceEqual(AbcDigest);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    [LibraryImport(Library, EntryPoint = "SHA1_Init")]
    [SuppressGCTransition]
    private static partial int Sha1Init(ref LibCryptoShaContext context);

    [LibraryImport(Library, EntryPoint = "SHA1_Update")]
    [SuppressGCTransition]
    private static partial int Sha1Update(ref LibCryptoShaContext context, ref byte data, nuint length);
}

