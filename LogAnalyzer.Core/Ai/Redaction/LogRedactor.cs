using System.Text.RegularExpressions;

namespace LogAnalyzer.Ai.Redaction;

/// <summary>
/// Replaces secrets and personal data in log text with a marker naming what was removed: JWTs, bearer tokens, API
/// keys, credentials in URLs, passwords and secrets in query strings and key=value pairs, e-mail addresses, payment
/// card numbers (Luhn-checked, so order numbers of the same length survive), phone numbers and, when configured,
/// IP addresses. One pass of one generated regular expression; text without a candidate is returned as it is.
/// </summary>
internal sealed partial class LogRedactor(RedactionOptions options)
{
    /// <summary>Returns the text with every secret and personal datum replaced; the same instance when nothing was.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return Candidates().Replace(text, Replace);
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological line: keep none of it rather than risk keeping a secret.
            return $"[not kept: redaction of {text.Length} characters timed out]";
        }
    }

    /// <summary>Whether a property or field of this name holds a secret as a whole (password, token, API key, cookie...).</summary>
    public static bool IsSecretName(string name) => SecretName().IsMatch(name);

    /// <summary>As <see cref="Redact(string)"/>, passing <see langword="null"/> through.</summary>
    public string? RedactOrNull(string? text) => text is null ? null : Redact(text);

    private string Replace(Match match)
    {
        var groups = match.Groups;
        if (groups["jwt"].Success)
        {
            return "[jwt]";
        }

        if (groups["bearer"].Success)
        {
            return groups["scheme"].Value + " [token]";
        }

        if (groups["apikey"].Success)
        {
            return "[api-key]";
        }

        if (groups["urlcred"].Success)
        {
            return "[credentials]@";
        }

        if (groups["secret"].Success)
        {
            return groups["secretname"].Value + groups["separator"].Value + "[redacted]";
        }

        if (groups["email"].Success)
        {
            return options.EmailAddresses ? "[email]" : match.Value;
        }

        if (groups["card"].Success)
        {
            return PassesLuhn(match.ValueSpan) ? "[card]" : match.Value;
        }

        if (groups["phone"].Success)
        {
            return options.PhoneNumbers ? "[phone]" : match.Value;
        }

        if (groups["ip"].Success)
        {
            return options.IpAddresses ? "[ip]" : match.Value;
        }

        return match.Value;
    }

    private static bool PassesLuhn(ReadOnlySpan<char> candidate)
    {
        var sum = 0;
        var digits = 0;
        for (var i = candidate.Length - 1; i >= 0; i--)
        {
            var c = candidate[i];
            if (c is < '0' or > '9')
            {
                continue;
            }

            var d = c - '0';
            if (digits++ % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return digits is >= 13 and <= 19 && sum % 10 == 0;
    }

    // Alternatives in priority order: a JWT inside a bearer header is reported as a JWT, a password inside a URL's
    // query as a secret. Timeouts bound the cost of a pathological line; RegexOptions.NonBacktracking is not used
    // because it does not support lookarounds.
    [GeneratedRegex(
        """
        (?<jwt>\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})
        | (?<bearer>(?<scheme>\b[Bb]earer|\bBEARER|\b[Tt]oken)\s+[A-Za-z0-9\-._~+/]{16,}=*)
        | (?<apikey>\b(?:sk|pk|rk)[-_](?:live_|test_|proj-)?[A-Za-z0-9_-]{16,}|\bcsk-[A-Za-z0-9]{16,}|\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{30,}|\bxox[abprs]-[A-Za-z0-9-]{10,}|\bAIza[0-9A-Za-z_-]{35})
        | (?<urlcred>(?<=://)[^/\s:@]{1,64}:[^/\s@]{1,128}@)
        | (?<secret>(?<secretname>(?i:\b(?:password|passwd|pwd|pass|secret|client_secret|api[_-]?key|apikey|access[_-]?token|refresh[_-]?token|auth[_-]?token|token|private[_-]?key|credentials?)))(?<separator>"?\s*[=:]\s*)(?:"[^"]*"|'[^']*'|[^\s&,;"'}]+))
        | (?<email>\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}\b)
        | (?<card>(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-]))
        | (?<phone>(?<![\w+])\+\d{1,3}[ .-]?\(?\d{1,4}\)?(?:[ .-]?\d{2,4}){2,4}(?!\w)|(?<![\w(])\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}(?!\w)|(?<![\w.-])\d{3}[.-]\d{3}[.-]\d{4}(?![\w.-]))
        | (?<ip>(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w.])|(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\w:])|(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,5})?(?![\w:]))
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture | RegexOptions.CultureInvariant,
        matchTimeoutMilliseconds: 1000)]
    private static partial Regex Candidates();

    [GeneratedRegex(
        "^(?:password|passwd|pwd|pass|secret|client_?secret|api[_-]?key|access[_-]?token|refresh[_-]?token|auth[_-]?token|id[_-]?token|token|private[_-]?key|credentials?|authorization|cookie|set-cookie)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();
}
