using System.Security.Cryptography;
using System.Text;

namespace LogAnalyzer.Ai.Redaction;

/// <summary>
/// Replaces a user id with its keyed hash (HMAC-SHA256, the first 16 bytes as 32 lower-case hex characters): the same
/// user always gets the same pseudonym, so distinct-user counts, timelines and blast radius still work, and nobody
/// without the key can tell who it is.
/// </summary>
internal sealed class UserIdPseudonym(string key)
{
    // Shorter ids ("1", "42") would also match unrelated text; they are replaced in the user id field only.
    private const int MinimumLengthReplacedInText = 4;

    private readonly byte[] _key = Encoding.UTF8.GetBytes(key);

    public static string Hash(byte[] key, string userId)
    {
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(userId), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    /// <summary>Pseudonymizes the entry's user id, and the same id where it appears in the message, template and exception.</summary>
    public void Apply(LogEntry entry)
    {
        if (entry.UserId is not { Length: > 0 } id)
        {
            return;
        }

        var pseudonym = Hash(_key, id);
        entry.UserId = pseudonym;
        if (id.Length >= MinimumLengthReplacedInText)
        {
            entry.Message = entry.Message.Replace(id, pseudonym, StringComparison.Ordinal);
            entry.MessageTemplate = entry.MessageTemplate?.Replace(id, pseudonym, StringComparison.Ordinal);
            entry.Exception = entry.Exception?.Replace(id, pseudonym, StringComparison.Ordinal);
        }

        if (entry.Properties is { Count: > 0 } properties && properties.Any(p => p.Value is string s && s.Contains(id, StringComparison.Ordinal)))
        {
            entry.Properties = properties.ToDictionary(
                p => p.Key,
                p => p.Value is string s && (s == id || (id.Length >= MinimumLengthReplacedInText && s.Contains(id, StringComparison.Ordinal))) ? s.Replace(id, pseudonym, StringComparison.Ordinal) : p.Value,
                StringComparer.Ordinal);
        }
    }
}
