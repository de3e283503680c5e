using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Sdp;

namespace BroadcastOperator.WebRtc.Peer;

/// <summary>
/// Carries out what a re-offer asks of a connection we answered (<see cref="IceRestart.Classify"/> decides): an ICE
/// restart takes new local credentials and the remote's new ones, and moves the mux's route to the new local ufrag,
/// which the remote's checks now carry; the DTLS association and SRTP keys are left alone. Apart from the peer so the
/// peer only keeps its remote description; called under the peer's lock.
/// </summary>
internal sealed class ReofferHandler(IPeerIce ice, UdpMux mux, IMuxPeer peer)
{
    /// <summary>True from an ICE restart until the remote's first check with its new credentials.</summary>
    public bool IceRestarting => ice.IsRestarting;

    /// <summary>
    /// What <paramref name="offered"/> asks of the connection whose remote description is <paramref name="current"/>
    /// (null before one; an offer of ours, <paramref name="weOffered"/>, is never restarted here); restarts ICE when it asks that.
    /// </summary>
    public ReofferKind Apply(RemoteAudioDescription? current, bool weOffered, RemoteAudioDescription offered)
    {
        var kind = current is null || weOffered ? ReofferKind.NewConnection : IceRestart.Classify(current, offered);
        if (kind == ReofferKind.IceRestart)
        {
            var previousUfrag = ice.Local.Ufrag;
            ice.Restart(offered.IceUfrag, offered.IcePassword);
            mux.Reregister(peer, previousUfrag);
        }

        return kind;
    }
}
