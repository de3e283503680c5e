namespace BroadcastOperator.WebRtc.Sdp;

/// <summary><c>a=setup</c> (RFC 4145, RFC 8842): who starts the DTLS handshake.</summary>
public enum DtlsSetup
{
    ActPass,
    Active,
    Passive,
}

public static class DtlsSetupExtensions
{
    public static string ToSdp(this DtlsSetup setup) => setup switch
    {
        DtlsSetup.Active => "active",
        DtlsSetup.Passive => "passive",
        _ => "actpass",
    };

    public static DtlsSetup? Parse(string? value) => value switch
    {
        "actpass" => DtlsSetup.ActPass,
        "active" => DtlsSetup.Active,
        "passive" => DtlsSetup.Passive,
        _ => null,
    };
}
