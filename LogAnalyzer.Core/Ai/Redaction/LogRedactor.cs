using System.Buffers;
using System.Text.RegularExpressions;

namespace LogAnalyzer.Ai.Redaction;

/// <summary>
/// Replaces secrets and personal data in log text with a marker naming what was removed: JWTs, bearer tokens, API
/// keys, credentials in URLs, passwords and secrets in query strings and key=value pairs, e-mail addresses, payment
/// card numbers (Luhn-checked, so order numbers of the same length survive), phone numbers and, when configured,
/// IP addresses. One scan of the text decides which detectors can match at all, so a line without a candidate
/// (most lines) costs a single pass and is returned as it is.
/// </summary>
internal sealed partial class LogRedactor(RedactionOptions options)
{
    private static readonly SearchValues<char> Signals = SearchValues.Create("0123456789@=:.+(-");
    private static readonly SearchValues<string> TokenWords = SearchValues.Create(["bearer", "token", "basic"], StringComparison.OrdinalIgnoreCase);
    private static readonly SearchValues<string> KeyPrefixes = SearchValues.Create(["sk-", "sk_", "pk_", "rk_", "csk-", "AKIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "xox", "AIza"], StringComparison.Ordinal);
    private static readonly SearchValues<string> SecretWords = SearchValues.Create(["pass", "pwd", "secret", "key", "token", "credential"], StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the text with every secret and personal datum replaced; the same instance when nothing was.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            var features = Scan(text);
            if (text.Contains("eyJ", StringComparison.Ordinal))
            {
                text = Jwt().Replace(text, "[jwt]");
            }

            if (text.AsSpan().ContainsAny(TokenWords))
            {
                text = BearerToken().Replace(text, m => m.Groups["scheme"].Value + " [token]");
                text = BasicCredentials().Replace(text, m => m.Groups["scheme"].Value + " [credentials]");
            }

            if (text.AsSpan().ContainsAny(KeyPrefixes))
            {
                text = ApiKey().Replace(text, "[api-key]");
            }

            if (features.At && text.Contains("://", StringComparison.Ordinal))
            {
                text = UrlCredentials().Replace(text, "[credentials]@");
            }

            if (features.Separators && text.AsSpan().ContainsAny(SecretWords))
            {
                text = SecretPair().Replace(text, m => m.Groups["name"].Value + m.Groups["separator"].Value + "[redacted]");
            }

            if (features.At && options.EmailAddresses)
            {
                text = Email().Replace(text, "[email]");
            }

            if (features.Digits >= 13)
            {
                text = Card().Replace(text, m => IsCardNumber(m.ValueSpan) ? "[card]" : m.Value);
            }

            // A phone number has a leading +, an area code in parentheses, or ten digits in three dotted or dashed groups.
            if (options.PhoneNumbers && features.Digits >= 7
                && (features.Plus || features.Parenthesis || (features.Digits >= 10 && (features.Dots >= 2 || features.Dashes >= 2))))
            {
                text = Phone().Replace(text, "[phone]");
            }

            if (options.IpAddresses && features.Dots >= 3 && features.Digits >= 4)
            {
                text = Ipv4Address().Replace(text, "[ip]");
            }

            if (options.IpAddresses && (features.Colons >= 7 || (features.Colons >= 2 && text.Contains("::", StringComparison.Ordinal))))
            {
                text = Ipv6Address().Replace(text, "[ip]");
            }

            return text;
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological line: keep none of it rather than risk keeping a secret.
            return $"[not kept: redaction of {text.Length} characters timed out]";
        }
    }

    /// <summary>As <see cref="Redact(string)"/>, passing <see langword="null"/> through.</summary>
    public string? RedactOrNull(string? text) => text is null ? null : Redact(text);

    /// <summary>
    /// Whether a property or field of this name holds a secret as a whole: a name containing password, secret, API
    /// key, access or session token, private key, credential or cookie (in any case, with any separators: DB_PASSWORD,
    /// newPassword, X-Api-Key), or exactly token, pwd, pass or authorization.
    /// </summary>
    public static bool IsSecretName(string name) => SecretName().IsMatch(name);

    /// <summary>A card number: 13 to 19 digits with an issuer's prefix (so timestamps and ids rarely qualify) that pass the Luhn check.</summary>
    private static bool IsCardNumber(ReadOnlySpan<char> candidate)
    {
        Span<char> digits = stackalloc char[19];
        var count = 0;
        foreach (var c in candidate)
        {
            if (char.IsAsciiDigit(c))
            {
                if (count == digits.Length)
                {
                    return false;
                }

                digits[count++] = c;
            }
        }

        var number = digits[..count];
        var prefix2 = count >= 2 ? ((number[0] - '0') * 10) + (number[1] - '0') : 0;
        var prefix4 = count >= 4 ? (prefix2 * 100) + ((number[2] - '0') * 10) + (number[3] - '0') : 0;
        var issued = number[0] == '4'                                   // Visa
            || prefix2 is >= 51 and <= 55 || prefix4 is >= 2221 and <= 2720 // Mastercard
            || prefix2 is 34 or 37                                      // American Express
            || prefix4 == 6011 || prefix2 == 65 || prefix4 / 10 is >= 644 and <= 649 // Discover
            || prefix2 is 36 or 38 || prefix4 / 10 is >= 300 and <= 305 // Diners Club
            || prefix4 is >= 3528 and <= 3589                           // JCB
            || prefix2 == 62;                                           // UnionPay
        return issued && PassesLuhn(candidate);
    }

    private static Features Scan(string text)
    {
        var features = default(Features);
        var span = text.AsSpan();
        int index;
        while ((index = span.IndexOfAny(Signals)) >= 0)
        {
            switch (span[index])
            {
                case '@': features.At = true; break;
                case '=': features.Separators = true; break;
                case ':': features.Separators = true; features.Colons++; break;
                case '.': features.Dots++; break;
                case '+': features.Plus = true; break;
                case '(': features.Parenthesis = true; break;
                case '-': features.Dashes++; break;
                default: features.Digits++; break;
            }

            span = span[(index + 1)..];
        }

        return features;
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

    private const RegexOptions Flags = RegexOptions.ExplicitCapture | RegexOptions.CultureInvariant;
    private const int TimeoutMs = 1000;

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}", Flags, TimeoutMs)]
    private static partial Regex Jwt();

    [GeneratedRegex(@"(?<scheme>\b(?:[Bb]earer|BEARER|[Tt]oken))\s+[A-Za-z0-9\-._~+/]{16,}=*", Flags, TimeoutMs)]
    private static partial Regex BearerToken();

    // Base64 after "Basic" with at least one digit, + or /, so that "basic information" is left alone.
    [GeneratedRegex(@"(?<scheme>\b(?:[Bb]asic|BASIC))\s+(?=[A-Za-z0-9+/]*[0-9+/])[A-Za-z0-9+/]{8,}={0,2}(?![\w+/=])", Flags, TimeoutMs)]
    private static partial Regex BasicCredentials();

    [GeneratedRegex(@"\b(?:(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|sk-(?:proj-)?[A-Za-z0-9_-]{16,}|csk-[A-Za-z0-9]{16,}|AKIA[0-9A-Z]{16}\b|gh[pousr]_[A-Za-z0-9]{30,}|xox[abprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35})", Flags, TimeoutMs)]
    private static partial Regex ApiKey();

    [GeneratedRegex(@"(?<=://)[^/\s:@]{0,64}:[^/\s@]{1,128}@", Flags, TimeoutMs)]
    private static partial Regex UrlCredentials();

    // A name that contains a secret word (DB_PASSWORD, newPassword, aws_secret_access_key, x-api-key) or is exactly
    // pwd, pass or token; then = or : (the name may be quoted, also as \" inside a JSON string); then the value.
    [GeneratedRegex(
        @"(?<name>(?i:\b[\w-]*?(?:password|passwd|secret|api[_-]?key|apikey|access[_-]?key|access[_-]?token|refresh[_-]?token|auth[_-]?token|session[_-]?token|id[_-]?token|private[_-]?key|credentials?)[\w-]*|\b(?:pwd|pass|token)\b))(?<separator>(?:\\?"")?\s*[=:]\s*)(?:\\""(?:[^""\\]|\\[^""])*\\""|""(?:[^""\\]|\\.)*""|'[^']*'|[^\s&,;""'}]+)",
        Flags, TimeoutMs)]
    private static partial Regex SecretPair();

    // Not file names such as icon@2x.png.
    [GeneratedRegex(@"\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.(?!(?:png|jpe?g|gif|svg|webp|ico|css|js|map)\b)[A-Za-z]{2,24}\b", Flags, TimeoutMs)]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])", Flags, TimeoutMs)]
    private static partial Regex Card();

    [GeneratedRegex(@"(?<![\w+])\+\d{1,3}[ .-]?\(?\d{1,4}\)?(?:[ .-]?\d{2,4}){2,4}(?!\w)|(?<![\w(])\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}(?!\w)|(?<![\w.-])\d{3}[.-]\d{3}[.-]\d{4}(?![\w.-])", Flags, TimeoutMs)]
    private static partial Regex Phone();

    // Not version numbers (Version=1.0.0.0, v1.2.3.4); a sentence's full stop after the address is fine.
    [GeneratedRegex(@"(?<![\w.])(?<!(?i:version)[=: ]?)(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\w|\.\d)", Flags, TimeoutMs)]
    private static partial Regex Ipv4Address();

    [GeneratedRegex(@"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\w:])|(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,5})?(?![\w:])", Flags, TimeoutMs)]
    private static partial Regex Ipv6Address();

    [GeneratedRegex(
        @"password|passwd|secret|api[_-]?key|access[_-]?key|access[_-]?token|refresh[_-]?token|auth[_-]?token|session[_-]?token|id[_-]?token|bearer|private[_-]?key|credential|cookie|^(?:token|pwd|pass|authorization)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    private struct Features
    {
        public bool At;
        public bool Separators;
        public bool Plus;
        public bool Parenthesis;
        public int Dashes;
        public int Digits;
        public int Dots;
        public int Colons;
    }
}
