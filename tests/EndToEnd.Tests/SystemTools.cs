using BroadcastOperator.Aws;
using BroadcastOperator.Shared.Kvs;

namespace BroadcastOperator.EndToEnd.Tests;

/// <summary>What a user of the running system reaches for: make token, kubectl, and the signaling control plane.</summary>
internal sealed class SystemTools(LocalSystem system)
{
    /// <summary>A development JWT, the way `make token` makes one (the built SessionApi's token command).</summary>
    public async Task<string> TokenAsync(string subject, string role)
    {
        var result = await Tool.RunAsync("dotnet", ["src/SessionApi/bin/Debug/net10.0/BroadcastOperator.SessionApi.dll", "token", "--sub", subject, "--role", role],
            new Dictionary<string, string> { ["Auth__DevelopmentKeyFile"] = Path.Combine(system.StateDirectory, "sessionapi-jwt.key") });
        Assert.True(result.ExitCode == 0, $"token command failed: {result.Stderr}");
        return result.Stdout.Trim();
    }

    public Task<ToolResult> KubectlAsync(params string[] args) =>
        Tool.RunAsync("kubectl", ["--kubeconfig", system.Kubeconfig, .. args]);

    /// <summary>The LISTENERS column of `kubectl get bcs NAME`.</summary>
    public async Task<string?> ListenersColumnAsync(string session)
    {
        var result = await KubectlAsync("get", "bcs", session);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (result.ExitCode != 0 || lines.Length < 2)
        {
            return null;
        }
        var headers = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var cells = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var column = Array.IndexOf(headers, "LISTENERS");
        return column >= 0 && column < cells.Length ? cells[column] : null;
    }

    /// <summary>Channels whose name starts with the session's, from the embedded signaling service's control plane.</summary>
    public async Task<IReadOnlyList<KvsChannelInfo>> ChannelsOfAsync(string session)
    {
        using var kvs = new KvsControlPlaneClient(new KvsClientOptions
        {
            Endpoint = new Uri($"https://127.0.0.1:{system.SignalingPort}"),
            ServerCertificateValidation = (_, _, _, _) => true, // the local signaling service's certificate is self-signed
        }, new StaticCredentialsSource(OperatorCredentials()));
        return await kvs.ListSignalingChannelsAsync(session);
    }

    private AwsCredentials OperatorCredentials() =>
        SharedCredentialsProfile.Read(Path.Combine(system.StateDirectory, "credentials"), "broadcast-local")
        ?? throw new InvalidOperationException("the signaling service wrote no broadcast-local profile");
}
