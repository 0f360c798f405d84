namespace LogAnalyzer;

/// <summary>Checks <see cref="SecurityOptions"/>; messages name the setting and never quote a key.</summary>
internal static class SecurityOptionsValidation
{
    /// <summary>Shorter keys can be guessed; 16 characters of a random key are about 96 bits.</summary>
    internal const int MinimumKeyLength = 16;

    public static void Validate(SecurityOptions security, List<string> errors)
    {
        if (security.ApiKey is { } key)
        {
            CheckKey(errors, "Security:ApiKey", key);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(security.ApiKey))
        {
            seen.Add(security.ApiKey.Trim());
        }

        for (var i = 0; i < security.ApiKeys.Count; i++)
        {
            var setting = $"Security:ApiKeys:{i}";
            if (security.ApiKeys[i] is not { } entry)
            {
                errors.Add($"LogAnalyzer:{setting} must have a Key and Scopes.");
                continue;
            }

            CheckKey(errors, $"{setting}:Key", entry.Key ?? string.Empty);
            if (!string.IsNullOrWhiteSpace(entry.Key) && !seen.Add(entry.Key.Trim()))
            {
                errors.Add($"LogAnalyzer:{setting}:Key repeats another configured key; give each key its scopes once.");
            }

            if (entry.Scopes is null || entry.Scopes.Count == 0)
            {
                errors.Add($"LogAnalyzer:{setting}:Scopes must name at least one of {string.Join(", ", ApiKeyScopes.All)}.");
                continue;
            }

            foreach (var scope in entry.Scopes)
            {
                if (!ApiKeyScopes.All.Contains(scope?.Trim(), StringComparer.OrdinalIgnoreCase))
                {
                    errors.Add($"LogAnalyzer:{setting}:Scopes holds '{Shorten(scope)}'; a scope is one of {string.Join(", ", ApiKeyScopes.All)}.");
                }
            }
        }

        var rate = security.RateLimit;
        LogAnalyzerOptionsValidator.AtLeast(errors, "Security:RateLimit:PermitLimit", rate.PermitLimit, 1);
        if (rate.Window < TimeSpan.FromSeconds(1) || rate.Window > TimeSpan.FromDays(1))
        {
            errors.Add($"LogAnalyzer:Security:RateLimit:Window must be between 1 second and 1 day; it is {rate.Window}.");
        }

        if (security.MaxRequestBodySize < 1_024)
        {
            errors.Add($"LogAnalyzer:Security:MaxRequestBodySize must be at least 1024 bytes; it is {security.MaxRequestBodySize}.");
        }
    }

    /// <summary>A secret key (an API key, a hashing key) is long enough; the error names the setting and the length, never the key.</summary>
    internal static void CheckKey(List<string> errors, string setting, string key)
    {
        // The message gives the length, never the key: configuration errors end up in logs.
        if (string.IsNullOrWhiteSpace(key) || key.Trim().Length < MinimumKeyLength)
        {
            errors.Add($"LogAnalyzer:{setting} must be at least {MinimumKeyLength} characters (not counting surrounding spaces); it has {key.Trim().Length}.");
        }
    }

    private static string Shorten(string? text) => text is null ? "null" : text.Length > 32 ? text[..32] : text;
}
