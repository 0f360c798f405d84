using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace LogAnalyzer.Hosting.Security;

/// <summary>The configured API keys, kept as SHA-256 hashes and compared in constant time.</summary>
internal sealed class ApiKeyAuthenticator
{
    /// <summary>The header that carries the key.</summary>
    public const string HeaderName = "X-Api-Key";

    private readonly (byte[] Hash, ApiKeyIdentity Identity)[] _keys;

    public ApiKeyAuthenticator(IOptions<LogAnalyzerOptions> options)
    {
        var security = options.Value.Security;
        var keys = new List<(byte[], ApiKeyIdentity)>();
        if (!string.IsNullOrWhiteSpace(security.ApiKey))
        {
            keys.Add((Hash(security.ApiKey.Trim()), new ApiKeyIdentity("ApiKey", ApiKeyScopes.All)));
        }

        for (var i = 0; i < security.ApiKeys.Count; i++)
        {
            var entry = security.ApiKeys[i];
            keys.Add((Hash(entry.Key.Trim()), new ApiKeyIdentity($"ApiKeys:{i}", entry.Scopes.Select(s => s.Trim()))));
        }

        _keys = [.. keys];
    }

    /// <summary>Whether any key is configured, so that requests must carry one.</summary>
    public bool Enabled => _keys.Length > 0;

    /// <summary>The key the header names, or <see langword="null"/> when it is missing or unknown.</summary>
    public ApiKeyIdentity? Authenticate(StringValues header)
    {
        if (_keys.Length == 0 || header.Count != 1 || string.IsNullOrEmpty(header[0]))
        {
            return null;
        }

        // Hashing first makes every comparison 32 bytes, so neither the length nor a common prefix of a key leaks;
        // every key is compared, so the time does not say which one matched.
        var presented = Hash(header[0]!);
        ApiKeyIdentity? match = null;
        foreach (var (hash, identity) in _keys)
        {
            var equal = CryptographicOperations.FixedTimeEquals(hash, presented);
            match = equal ? identity : match;
        }

        return match;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}

/// <summary>A configured key, known by its setting's name (never by its value), and its scopes.</summary>
internal sealed class ApiKeyIdentity(string name, IEnumerable<string> scopes)
{
    private readonly HashSet<string> _scopes = new(scopes, StringComparer.OrdinalIgnoreCase);

    /// <summary>The setting that holds the key, such as <c>ApiKeys:0</c>: safe to log and to partition by.</summary>
    public string Name { get; } = name;

    public bool Has(string scope) => _scopes.Contains(scope);
}
