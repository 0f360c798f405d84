using System.Text;
using System.Text.RegularExpressions;

namespace LogAnalyzer.Benchmarks.Loghub;

/// <summary>
/// A Loghub <c>log_format</c> as a regular expression: <c>&lt;Field&gt;</c> captures lazily, a run of spaces matches
/// one or more whitespace characters, everything else is regular-expression syntax as written; anchored at both ends.
/// </summary>
internal sealed class LogFormat
{
    private readonly Regex _regex;

    public LogFormat(string format)
    {
        var pattern = new StringBuilder("^");
        var i = 0;
        while (i < format.Length)
        {
            var open = format.IndexOf('<', i);
            var close = open < 0 ? -1 : format.IndexOf('>', open + 1);
            var literalEnd = close < 0 ? format.Length : open;
            pattern.Append(Regex.Replace(format[i..literalEnd], " +", @"\s+"));
            if (close < 0)
            {
                break;
            }

            pattern.Append("(?<").Append(format, open + 1, close - open - 1).Append(">.*?)");
            i = close + 1;
        }

        _regex = new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    /// <summary>The <c>Content</c> field of the trimmed line, or null when the line does not have the format.</summary>
    public string? Content(string line)
    {
        var match = _regex.Match(line.Trim());
        return match.Success ? match.Groups["Content"].Value : null;
    }
}
