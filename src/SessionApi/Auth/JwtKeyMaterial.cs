using System.Security.Cryptography;
using System.Text;
using BroadcastOperator.SessionApi.Options;
using Microsoft.IdentityModel.Tokens;

namespace BroadcastOperator.SessionApi.Auth;

/// <summary>
/// The keys tokens are checked (and, for the development issuer, signed) with, and the algorithms pinned for them.
/// No keys when an OIDC authority publishes them.
/// </summary>
public sealed class JwtKeyMaterial
{
    private JwtKeyMaterial(SecurityKey? key, IReadOnlyList<string> algorithms)
    {
        Key = key;
        Algorithms = algorithms;
    }

    /// <summary>The static or development key; null with an authority.</summary>
    public SecurityKey? Key { get; }

    public IReadOnlyList<string> Algorithms { get; }

    /// <summary>True when tokens can be minted locally (symmetric key or RSA private key).</summary>
    public bool CanSign => Key is SymmetricSecurityKey || Key is RsaSecurityKey { PrivateKeyStatus: PrivateKeyStatus.Exists };

    /// <exception cref="InvalidOperationException">A configured key is unusable.</exception>
    public static JwtKeyMaterial Load(AuthOptions options, string contentRoot)
    {
        if (options.Authority.Length > 0)
        {
            return new JwtKeyMaterial(null, Pinned(options, SecurityAlgorithms.RsaSha256));
        }
        SecurityKey key;
        if (options.SigningKey.Length > 0)
        {
            key = Symmetric(options.SigningKey, "Auth:SigningKey");
        }
        else if (options.SigningKeyFile.Length > 0)
        {
            var text = File.ReadAllText(Path.Combine(contentRoot, options.SigningKeyFile));
            key = text.Contains("-----BEGIN", StringComparison.Ordinal) ? Rsa(text) : Symmetric(text.Trim(), options.SigningKeyFile);
        }
        else
        {
            key = Symmetric(LocalKeyFile.ReadOrCreate(options.DevelopmentKeyFile, contentRoot), options.DevelopmentKeyFile);
        }
        var defaultAlgorithm = key is RsaSecurityKey ? SecurityAlgorithms.RsaSha256 : SecurityAlgorithms.HmacSha256;
        return new JwtKeyMaterial(key, Pinned(options, defaultAlgorithm));
    }

    private static string[] Pinned(AuthOptions options, string defaultAlgorithm) =>
        options.Algorithms.Count > 0 ? [.. options.Algorithms] : [defaultAlgorithm];

    private static SymmetricSecurityKey Symmetric(string text, string source)
    {
        var bytes = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, bytes, out var written))
        {
            bytes = Encoding.UTF8.GetBytes(text);
            written = bytes.Length;
        }
        if (written < 32)
        {
            throw new InvalidOperationException($"{source}: a symmetric JWT key needs at least 32 bytes");
        }
        return new SymmetricSecurityKey(bytes[..written]) { KeyId = KeyIdOf(bytes[..written]) };
    }

    private static RsaSecurityKey Rsa(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        var publicKey = rsa.ExportSubjectPublicKeyInfo();
        return new RsaSecurityKey(rsa) { KeyId = KeyIdOf(publicKey) };
    }

    // A key id derived from the key (never revealing it) lets a verifier pick the right key after a rotation.
    private static string KeyIdOf(byte[] material) => Convert.ToHexStringLower(SHA256.HashData(material))[..16];
}
