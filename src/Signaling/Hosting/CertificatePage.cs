namespace BroadcastOperator.Signaling.Hosting;

/// <summary>
/// What a browser sees when it opens the signaling origin directly: opening it once is how a user
/// accepts a self-signed certificate, after which pages may open WSS connections to it.
/// </summary>
public static class CertificatePage
{
    public const string Html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>BroadcastOperator signaling</title></head>
        <body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
        <h1>Signaling certificate accepted</h1>
        <p>This is the BroadcastOperator signaling service (Kinesis Video Streams compatible).
        Your browser now trusts its certificate for this session, so speaker and listener pages can connect.
        You can close this tab.</p>
        </body></html>
        """;
}
