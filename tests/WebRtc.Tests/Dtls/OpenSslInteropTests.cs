using System.Diagnostics;
using System.Text.RegularExpressions;
using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Srtp;

namespace BroadcastOperator.WebRtc.Tests.Dtls;

/// <summary>
/// A real DTLS peer: `openssl s_client -dtls1_2 -use_srtp` over UDP on loopback against our server
/// (and our client against `openssl s_server`), both exporting EXTRACTOR-dtls_srtp; the two must
/// hold the same keying material.
/// </summary>
public sealed class OpenSslInteropTests : IDisposable
{
    private const string OpenSsl = "/usr/bin/openssl";
    private readonly string _directory = Directory.CreateTempSubdirectory("dtls-openssl-").FullName;

    [SkippableTheory]
    [InlineData("SRTP_AES128_CM_SHA1_80", SrtpProfile.AesCm128HmacSha1_80)]
    [InlineData("SRTP_AEAD_AES_128_GCM", SrtpProfile.AeadAes128Gcm)]
    public async Task Openssl_client_completes_the_handshake_and_both_sides_derive_the_same_keys(string opensslProfile, SrtpProfile profile)
    {
        Skip.IfNot(File.Exists(OpenSsl), "the openssl binary is not installed");
        var (certificatePath, keyPath, clientFingerprint) = await CreateClientCertificate();
        var serverCertificate = DtlsCertificate.Generate("openssl interop server");
        var materialLength = DtlsSrtpKeys.KeyingMaterialLength(profile);

        using var bridge = new LoopbackUdpBridge();
        using var server = new DtlsSrtpTransport(DtlsRole.Server, serverCertificate, clientFingerprint, bridge.Send);
        bridge.Start(server);
        var handshake = server.HandshakeAsync();

        using var client = StartProcess(
            "s_client", "-dtls1_2", "-connect", $"127.0.0.1:{bridge.Port}", "-use_srtp", opensslProfile,
            "-keymatexport", DtlsSrtpKeys.ExporterLabel, "-keymatexportlen", materialLength.ToString(),
            "-cert", certificatePath, "-key", keyPath, "-showcerts");
        var output = new OutputCollector(client);
        try
        {
            var keys = await handshake.WaitAsync(TimeSpan.FromSeconds(30));
            var exported = await output.WaitForMatch(new Regex(@"Keying material:\s*([0-9A-Fa-f]+)"), TimeSpan.FromSeconds(30));

            var material = Convert.FromHexString(exported.Groups[1].Value);
            var expected = DtlsSrtpKeys.FromKeyingMaterial(profile, material, DtlsRole.Server);
            Assert.Equal(profile, keys.Profile);
            Assert.Equal(expected.LocalMasterKey.ToArray(), keys.LocalMasterKey.ToArray());
            Assert.Equal(expected.LocalMasterSalt.ToArray(), keys.LocalMasterSalt.ToArray());
            Assert.Equal(expected.RemoteMasterKey.ToArray(), keys.RemoteMasterKey.ToArray());
            Assert.Equal(expected.RemoteMasterSalt.ToArray(), keys.RemoteMasterSalt.ToArray());
            Assert.Contains($"SRTP Extension negotiated, profile={opensslProfile}", output.Text);

            // And OpenSSL saw the certificate our SDP would advertise.
            Assert.True(serverCertificate.Fingerprint.Matches(FirstPemCertificate(output.Text)));
        }
        finally
        {
            client.StandardInput.Close();
            if (!client.WaitForExit(5000))
            {
                client.Kill();
            }
        }
    }

    [SkippableFact]
    public async Task Our_client_completes_the_handshake_with_openssl_server_and_both_derive_the_same_keys()
    {
        Skip.IfNot(File.Exists(OpenSsl), "the openssl binary is not installed");
        var (certificatePath, keyPath, serverFingerprint) = await CreateClientCertificate();
        var port = FreeUdpPort();
        using var server = StartProcess(
            "s_server", "-dtls1_2", "-accept", port.ToString(), "-naccept", "1", "-use_srtp", "SRTP_AES128_CM_SHA1_80",
            "-keymatexport", DtlsSrtpKeys.ExporterLabel, "-keymatexportlen", "60",
            "-cert", certificatePath, "-key", keyPath, "-Verify", "1");
        var output = new OutputCollector(server);
        try
        {
            await output.WaitForMatch(new Regex("ACCEPT"), TimeSpan.FromSeconds(30));
            using var bridge = new LoopbackUdpBridge(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port));
            var ours = DtlsCertificate.Generate("our client");
            using var client = new DtlsSrtpTransport(DtlsRole.Client, ours, serverFingerprint, bridge.Send);
            bridge.Start(client);

            var keys = await client.HandshakeAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var exported = await output.WaitForMatch(new Regex(@"Keying material:\s*([0-9A-Fa-f]+)"), TimeSpan.FromSeconds(30));

            var expected = DtlsSrtpKeys.FromKeyingMaterial(SrtpProfile.AesCm128HmacSha1_80, Convert.FromHexString(exported.Groups[1].Value), DtlsRole.Client);
            Assert.Equal(SrtpProfile.AesCm128HmacSha1_80, keys.Profile);
            Assert.Equal(expected.LocalMasterKey.ToArray(), keys.LocalMasterKey.ToArray());
            Assert.Equal(expected.RemoteMasterSalt.ToArray(), keys.RemoteMasterSalt.ToArray());
        }
        finally
        {
            server.StandardInput.Close();
            if (!server.WaitForExit(5000))
            {
                server.Kill();
            }
        }
    }

    [SkippableFact]
    public async Task Openssl_client_with_another_certificate_is_refused_without_keys()
    {
        Skip.IfNot(File.Exists(OpenSsl), "the openssl binary is not installed");
        var (certificatePath, keyPath, _) = await CreateClientCertificate();
        var expectedButAbsent = DtlsCertificate.Generate("someone else").Fingerprint;

        using var bridge = new LoopbackUdpBridge();
        using var server = new DtlsSrtpTransport(DtlsRole.Server, DtlsCertificate.Generate(), expectedButAbsent, bridge.Send);
        bridge.Start(server);
        var handshake = server.HandshakeAsync();

        using var client = StartProcess(
            "s_client", "-dtls1_2", "-connect", $"127.0.0.1:{bridge.Port}", "-use_srtp", "SRTP_AES128_CM_SHA1_80",
            "-cert", certificatePath, "-key", keyPath);
        try
        {
            var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => handshake.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("does not match the SDP fingerprint", error.Message);
        }
        finally
        {
            client.StandardInput.Close();
            if (!client.WaitForExit(5000))
            {
                client.Kill();
            }
        }
    }

    private async Task<(string Certificate, string Key, DtlsFingerprint Fingerprint)> CreateClientCertificate()
    {
        var certificate = Path.Combine(_directory, "client.pem");
        var key = Path.Combine(_directory, "client.key");
        using var request = StartProcess(
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", certificate, "-days", "2", "-subj", "/CN=openssl-client");
        request.StandardInput.Close();
        var errors = request.StandardError.ReadToEndAsync();
        await request.StandardOutput.ReadToEndAsync();
        await request.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(request.ExitCode == 0, "openssl req failed: " + await errors);

        return (certificate, key, DtlsFingerprint.ForCertificate(FirstPemCertificate(await File.ReadAllTextAsync(certificate))));
    }

    private static byte[] FirstPemCertificate(string text)
    {
        var pem = Regex.Match(text, "-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----");
        Assert.True(pem.Success, "no PEM certificate in:\n" + text);
        return Convert.FromBase64String(Regex.Replace(pem.Groups[1].Value, @"\s", ""));
    }

    private static int FreeUdpPort()
    {
        using var probe = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return ((System.Net.IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    private static Process StartProcess(params string[] arguments)
    {
        var start = new ProcessStartInfo(OpenSsl)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Everything a process prints, with a way to wait for a pattern.</summary>
    private sealed class OutputCollector
    {
        private readonly System.Text.StringBuilder _text = new();
        private readonly SemaphoreSlim _changed = new(0);

        public OutputCollector(Process process)
        {
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public async Task<Match> WaitForMatch(Regex pattern, TimeSpan timeout)
        {
            using var deadline = new CancellationTokenSource(timeout);
            while (true)
            {
                var match = pattern.Match(Text);
                if (match.Success)
                {
                    return match;
                }

                try
                {
                    await _changed.WaitAsync(deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"openssl never printed /{pattern}/; it printed:\n{Text}");
                }
            }
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_text)
            {
                _text.AppendLine(line);
            }

            _changed.Release();
        }
    }
}
