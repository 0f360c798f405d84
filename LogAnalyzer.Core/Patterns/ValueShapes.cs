using System.Buffers;

namespace LogAnalyzer.Patterns;

/// <summary>Tokens that are one value as a whole: URLs, paths, numbers, dates, GUIDs, IP addresses, e-mail, hosts.</summary>
internal static class ValueShapes
{
    private static readonly SearchValues<char> Hex = SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly SearchValues<char> NumericLike = SearchValues.Create("0123456789.:-/+,TZ");

    public static ValueKind Classify(ReadOnlySpan<char> core)
    {
        if (core.StartsWith("blk_", StringComparison.Ordinal))
        {
            return ValueKind.Whole;
        }

        if (core.Contains(':') && core.Contains("://", StringComparison.Ordinal))
        {
            return ValueKind.Path;
        }

        if (IsPath(core))
        {
            return ValueKind.Path;
        }

        if (!core.ContainsAnyInRange('0', '9'))
        {
            return IsEmail(core) ? ValueKind.Whole : ValueKind.None;
        }

        var first = core[0];
        if ((char.IsAsciiDigit(first) || (first is '-' or '+' && core.Length > 1 && char.IsAsciiDigit(core[1])))
            && !core.ContainsAnyExcept(NumericLike))
        {
            return ValueKind.Whole;
        }

        return IsGuid(core) || IsIPv6(core) || IsEmail(core) || IsHostPort(core) || IsHostName(core) ? ValueKind.Whole : ValueKind.None;
    }

    private static bool IsPath(ReadOnlySpan<char> core) =>
        (core[0] == '/' && core.Length > 1 && core[1] != '/')
        || (core.Length > 2 && core[0] == '~' && core[1] == '/')
        || (core.Length > 2 && char.IsAsciiLetter(core[0]) && core[1] == ':' && core[2] is '\\' or '/');

    private static bool IsGuid(ReadOnlySpan<char> core)
    {
        if (core.Length != 36)
        {
            return false;
        }

        for (var i = 0; i < 36; i++)
        {
            var dash = i is 8 or 13 or 18 or 23;
            if (dash ? core[i] != '-' : !Hex.Contains(core[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static readonly SearchValues<char> IPv6Chars = SearchValues.Create("0123456789abcdefABCDEF:.%");

    private static bool IsIPv6(ReadOnlySpan<char> core) =>
        core.Count(':') >= 2 && core.ContainsAnyInRange('0', '9') && !core.ContainsAnyExcept(IPv6Chars);

    private static readonly SearchValues<char> EmailLocal =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-");

    private static bool IsEmail(ReadOnlySpan<char> core)
    {
        var at = core.IndexOf('@');
        if (at <= 0 || core[..at].ContainsAnyExcept(EmailLocal))
        {
            return false;
        }

        var domain = core[(at + 1)..];
        var dot = domain.LastIndexOf('.');
        return dot > 0 && domain.Length - dot > 2 && !domain.ContainsAnyExcept(HostChars)
            && !domain[(dot + 1)..].ContainsAnyExcept(Letters);
    }

    private static readonly SearchValues<char> Letters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    private static readonly SearchValues<char> HostChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-");

    /// <summary><c>host:port</c> or <c>host/1.2.3.4:port</c>, where the host has a dot or a dash.</summary>
    private static bool IsHostPort(ReadOnlySpan<char> core)
    {
        var colon = core.LastIndexOf(':');
        if (colon <= 0 || colon == core.Length - 1 || core[(colon + 1)..].ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        var host = core[..colon];
        var slash = host.IndexOf('/');
        if (slash >= 0)
        {
            if (host[(slash + 1)..].ContainsAnyExcept(NumericLike))
            {
                return false;
            }

            host = host[..slash];
        }

        return !host.IsEmpty && char.IsAsciiLetterOrDigit(host[0]) && !host.ContainsAnyExcept(HostChars)
            && host.ContainsAny('.', '-') && (host.ContainsAnyInRange('0', '9') || !host.ContainsAnyInRange('A', 'Z'));
    }

    /// <summary>A host name with digits and at least three labels (<c>MSRA-SA-41.fareast.corp.microsoft.com</c>).</summary>
    private static bool IsHostName(ReadOnlySpan<char> core)
    {
        var dot = core.LastIndexOf('.');
        return dot > 0 && core.Count('.') >= 2 && core.ContainsAnyInRange('0', '9') && !core.ContainsAnyExcept(HostChars)
            && core.Length - dot > 2 && !core[(dot + 1)..].ContainsAnyExcept(Letters);
    }
}
