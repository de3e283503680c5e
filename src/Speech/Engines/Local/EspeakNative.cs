using System.Runtime.InteropServices;

namespace BroadcastOperator.Speech.Engines.Local;

/// <summary>The parts of libespeak-ng's speak_lib.h C API used here (synchronous output to a callback).</summary>
internal static class EspeakNative
{
    public const string Library = "libespeak-ng.so.1";
    public const int AudioOutputSynchronous = 2;
    public const int InitializeDontExit = 0x8000;
    public const uint CharsUtf8 = 1;

    /// <summary>espeakSSML: the text is SSML (what the command line's -m turns on).</summary>
    public const uint Ssml = 0x10;
    public const int PositionCharacter = 1;
    public const int ParameterRate = 1;

    /// <summary>Returns 0 to continue synthesis, 1 to abort it. <paramref name="wav"/> is null at the end.</summary>
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int SynthCallback(IntPtr wav, int samples, IntPtr events);

    [DllImport(Library)]
    public static extern int espeak_Initialize(int output, int bufferLengthMs, string? path, int options);

    [DllImport(Library)]
    public static extern void espeak_SetSynthCallback(SynthCallback callback);

    [DllImport(Library)]
    public static extern int espeak_SetVoiceByName([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    [DllImport(Library)]
    public static extern int espeak_SetParameter(int parameter, int value, int relative);

    [DllImport(Library)]
    public static extern int espeak_Synth(byte[] text, nuint size, uint position, int positionType, uint endPosition,
        uint flags, IntPtr uniqueIdentifier, IntPtr userData);

    [DllImport(Library)]
    public static extern int espeak_Synchronize();

    public static bool IsAvailable() =>
        NativeLibrary.TryLoad(Library, typeof(EspeakNative).Assembly, null, out _);
}
