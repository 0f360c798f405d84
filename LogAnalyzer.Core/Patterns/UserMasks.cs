using System.Text.RegularExpressions;

namespace LogAnalyzer.Patterns;

/// <summary>
/// The masks a user adds (<see cref="PatternOptions.Masks"/>), compiled once, anchored to a whole token and run with
/// the non-backtracking engine so that no pattern can take exponential time on a hostile message.
/// </summary>
internal sealed class UserMasks
{
    private readonly Regex[] _regexes;

    private UserMasks(Regex[] regexes) => _regexes = regexes;

    public static UserMasks? Create(IDictionary<string, string> masks)
    {
        if (masks.Count == 0)
        {
            return null;
        }

        var regexes = new List<Regex>(masks.Count);
        foreach (var (name, pattern) in masks)
        {
            try
            {
                regexes.Add(new Regex(
                    "^(?:" + pattern + ")$",
                    RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture));
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"LogAnalyzer:Patterns:Masks:{name} is not a valid regular expression: {e.Message}", nameof(masks), e);
            }
        }

        return new UserMasks([.. regexes]);
    }

    public bool Matches(ReadOnlySpan<char> token)
    {
        foreach (var regex in _regexes)
        {
            if (regex.IsMatch(token))
            {
                return true;
            }
        }

        return false;
    }
}
