namespace BroadcastOperator.SessionApi.Auth;

/// <summary>Roles carried in the `role` or `roles` claim.</summary>
public static class Roles
{
    public const string Speaker = "speaker";
    public const string Listener = "listener";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Speaker, Listener, Admin];
}
