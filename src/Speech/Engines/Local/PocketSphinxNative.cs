using System.Runtime.InteropServices;

namespace BroadcastOperator.Speech.Engines.Local;

/// <summary>
/// The C API of pocketsphinx 5prealpha (Debian libpocketsphinx3 with libsphinxbase3). Configuration goes through
/// cmd_ln_parse_r with an argv array because cmd_ln_init is variadic and cannot be called through P/Invoke
/// (LPStr is UTF-8 on Unix).
/// </summary>
internal static class PocketSphinxNative
{
    private const string PocketSphinx = "libpocketsphinx.so.3";
    private const string SphinxBase = "libsphinxbase.so.3";

    [DllImport(PocketSphinx)]
    public static extern IntPtr ps_args();

    [DllImport(SphinxBase)]
    public static extern IntPtr cmd_ln_parse_r(IntPtr inoutCmdln, IntPtr definitions, int argc,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string[] argv, int strict);

    [DllImport(SphinxBase)]
    public static extern int cmd_ln_free_r(IntPtr cmdln);

    [DllImport(PocketSphinx)]
    public static extern IntPtr ps_init(IntPtr config);

    [DllImport(PocketSphinx)]
    public static extern int ps_free(IntPtr decoder);

    [DllImport(PocketSphinx)]
    public static extern int ps_start_utt(IntPtr decoder);

    [DllImport(PocketSphinx)]
    public static extern int ps_process_raw(IntPtr decoder, ref short data, nuint samples, int noSearch, int fullUtterance);

    [DllImport(PocketSphinx)]
    public static extern int ps_end_utt(IntPtr decoder);

    [DllImport(PocketSphinx)]
    public static extern IntPtr ps_get_hyp(IntPtr decoder, out int bestScore);

    public static bool IsAvailable()
    {
        return NativeLibrary.TryLoad(PocketSphinx, typeof(PocketSphinxNative).Assembly, null, out _)
            && NativeLibrary.TryLoad(SphinxBase, typeof(PocketSphinxNative).Assembly, null, out _);
    }
}
