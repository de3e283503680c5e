namespace BroadcastOperator.WebRtc.Ice;

/// <summary>States of an ICE-lite agent, after mediasoup's IceServer.</summary>
public enum IceState
{
    /// <summary>No valid check yet.</summary>
    New,

    /// <summary>A valid check arrived; media goes to the endpoint it came from.</summary>
    Connected,

    /// <summary>The controlling peer nominated a pair with USE-CANDIDATE.</summary>
    Completed,

    /// <summary>Every validated endpoint fell silent past the consent timeout.</summary>
    Disconnected,

    /// <summary>Closed locally; nothing more is answered.</summary>
    Closed,
}
