namespace BroadcastOperator.SessionApi.Hosting;

/// <summary>
/// Names this assembly for `WebApplicationFactory&lt;T&gt;` (the top-level Program type clashes with other
/// services' Program in a test that references several).
/// </summary>
public sealed class SessionApiAssembly
{
    private SessionApiAssembly()
    {
    }
}
