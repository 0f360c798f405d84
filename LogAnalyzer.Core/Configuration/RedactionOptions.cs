namespace LogAnalyzer;

/// <summary>
/// What is removed from log text before it is stored (when <see cref="RedactStoredEntries"/>) and, always, before
/// any of it is put in a prompt (<c>LogAnalyzer:Ai:Redaction</c>). JWTs, bearer tokens, API keys, credentials in
/// URLs, passwords and secrets in query strings and key=value pairs, and Luhn-valid card numbers are always
/// removed; the rest can be kept where the app needs them.
/// </summary>
public sealed class RedactionOptions
{
    /// <summary>Whether entries are redacted before they are stored (message, exception, string properties). Default: <see langword="true"/>.</summary>
    public bool RedactStoredEntries { get; set; } = true;

    /// <summary>Whether e-mail addresses are removed. Default: <see langword="true"/>.</summary>
    public bool EmailAddresses { get; set; } = true;

    /// <summary>Whether phone numbers (international with +, or North American with separators) are removed. Default: <see langword="true"/>.</summary>
    public bool PhoneNumbers { get; set; } = true;

    /// <summary>Whether IPv4 and IPv6 addresses are removed. Default: <see langword="true"/>.</summary>
    public bool IpAddresses { get; set; } = true;

    /// <summary>
    /// A secret key: when set, every entry's user id is replaced before storage by its keyed hash (HMAC-SHA256, 32 hex
    /// characters), and so is the same id where it appears in the message, template, exception and string properties.
    /// Distinct-user counts, timelines and blast radius keep working; who the user is stays out of the store and every
    /// prompt. Keep it stable (a new key gives each user a new id) and at least 16 characters. Applies whether or not
    /// <see cref="RedactStoredEntries"/> is on. Default: none (user ids are stored as given).
    /// </summary>
    public string? UserIdHashKey { get; set; }
}
