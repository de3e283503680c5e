namespace BroadcastOperator.Signaling.Auth;

/// <summary>The holder of the static operator credentials: every action on every channel.</summary>
public sealed class OperatorPrincipal
{
    public static readonly OperatorPrincipal Instance = new();

    private OperatorPrincipal()
    {
    }

    public override string ToString() => "operator";
}
