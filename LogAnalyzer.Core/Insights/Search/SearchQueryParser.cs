using System.Globalization;
using System.Text.RegularExpressions;

namespace LogAnalyzer.Insights;

/// <summary>
/// Understands a question without a language model: a time range ("last 3 hours", "today", "yesterday"), levels
/// (errors, failing, warnings, critical), features through synonyms ("payments" → the payment endpoints and error
/// codes), the store's own endpoints, error codes and cities named in it, user and session ids; and, when it names
/// none of those, its remaining words for full-text search.
/// </summary>
internal static partial class SearchQueryParser
{
    private static readonly (string Topic, string[] Words, string[] Endpoints, string[] Codes)[] Features =
    [
        ("payment", ["payment", "payments", "pay", "paying", "paid", "card", "cards", "billing", "charge", "charges", "gateway"], ["payment"], ["PAYMENT", "CARD"]),
        ("checkout", ["checkout", "checkouts", "purchase", "purchases", "order", "orders", "ordering"], ["checkout", "order"], ["CHECKOUT", "ORDER"]),
        ("login", ["login", "logins", "signin", "sign-in", "auth", "authentication", "password", "passwords", "credential", "credentials", "logging-in"], ["login", "auth"], ["AUTH", "LOGIN"]),
        ("search", ["search", "searches", "searching"], ["search"], ["SEARCH"]),
        ("cart", ["cart", "carts", "basket", "baskets"], ["cart"], ["CART"]),
    ];

    private static readonly HashSet<string> ErrorWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "error", "errors", "fail", "fails", "failing", "failed", "failure", "failures", "broken", "break", "breaking", "crash", "crashes",
        "crashing", "exception", "exceptions", "down", "outage", "500", "500s", "wrong",
    };

    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "why", "what", "when", "where", "which", "who", "how", "are", "is", "was", "were", "the", "a", "an", "and", "or", "of", "in", "on", "for",
        "to", "from", "with", "any", "there", "this", "that", "these", "those", "did", "does", "do", "have", "has", "had", "been", "be", "it",
        "its", "our", "my", "we", "us", "you", "me", "show", "tell", "explain", "happening", "happened", "going", "last", "past", "hour", "hours",
        "minute", "minutes", "day", "days", "week", "weeks", "today", "yesterday", "since", "many", "much", "some", "about", "issue", "issues",
        "problem", "problems", "logs", "log", "users", "user", "customers", "customer", "affected", "seeing", "see", "getting", "get", "so",
        "warning", "warnings", "critical", "fatal", "all", "now", "recently", "recent", "lot", "lots", "more", "than", "usual", "can", "could",
        "anything", "something", "everything", "over", "also", "then", "only", "again", "instead", "same", "still", "during", "within", "before", "after", "compared",
    };

    public static SearchIntent Parse(string question, int defaultHours, DateTimeOffset now, SearchVocabulary vocabulary)
    {
        var words = WordPattern().Matches(question).Select(m => m.Value).ToList();
        var (from, to, rangeText) = Range(question, defaultHours, now);
        var (levels, levelWord) = Levels(words);
        var topics = Features
            .Where(f => words.Any(w => f.Words.Contains(w, StringComparer.OrdinalIgnoreCase))
                || (f.Topic == "login" && (ContainsPhrase(question, "log in") || ContainsPhrase(question, "sign in"))))
            .ToList();
        var endpoints = topics.SelectMany(t => t.Endpoints).ToList();
        var codes = topics.SelectMany(t => t.Codes).ToList();
        var content = words.Where(w => w.Length >= 4 && !StopWords.Contains(w) && !ErrorWords.Contains(w)).ToList();
        foreach (var word in content)
        {
            var singular = word.EndsWith('s') ? word[..^1] : word;
            endpoints.AddRange(vocabulary.Endpoints
                .SelectMany(e => e.Split('/', StringSplitOptions.RemoveEmptyEntries))
                .Where(segment => segment.Equals(word, StringComparison.OrdinalIgnoreCase) || segment.Equals(singular, StringComparison.OrdinalIgnoreCase))
                .Select(segment => segment.ToLowerInvariant()));
            codes.AddRange(vocabulary.ErrorCodes.Where(c => c.Split('_', '-', '.').Any(part => part.Equals(word, StringComparison.OrdinalIgnoreCase) || part.Equals(singular, StringComparison.OrdinalIgnoreCase))));
        }

        codes.AddRange(vocabulary.ErrorCodes.Where(c => question.Contains(c, StringComparison.OrdinalIgnoreCase)));
        var cities = vocabulary.Cities.Where(c => c.Length >= 3 && ContainsPhrase(question, c)).ToList();
        var users = words.Where(w => UserPattern().IsMatch(w)).ToList();
        var sessions = words.Where(w => SessionPattern().IsMatch(w)).ToList();
        var named = endpoints.Count + codes.Count + cities.Count + users.Count + sessions.Count > 0;
        var cityWords = cities.SelectMany(c => c.Split(' ')).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var freeText = named ? [] : content.Where(w => !cityWords.Contains(w)).Distinct(StringComparer.OrdinalIgnoreCase).Take(5).ToList();
        var filter = new SearchFilter(from, to)
        {
            Levels = levels,
            EndpointTerms = endpoints.Distinct(StringComparer.OrdinalIgnoreCase).Take(10).ToList(),
            ErrorCodeTerms = codes.Distinct(StringComparer.OrdinalIgnoreCase).Take(10).ToList(),
            Cities = cities,
            UserIds = users,
            SessionIds = sessions,
            Words = freeText,
        };
        return new SearchIntent(filter, topics.Count > 0 ? topics[0].Topic : string.Empty, levelWord, rangeText, "parser");
    }

    /// <summary>The range a question names, or the last <paramref name="defaultHours"/> hours.</summary>
    public static (DateTimeOffset From, DateTimeOffset To, string Text) Range(string question, int defaultHours, DateTimeOffset now)
    {
        var midnight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        if (ContainsPhrase(question, "yesterday"))
        {
            return (midnight.AddDays(-1), midnight, "yesterday");
        }

        if (ContainsPhrase(question, "today"))
        {
            return (midnight, now, "today");
        }

        if (RangePattern().Match(question) is { Success: true } match)
        {
            // "last 0 hours" would search an empty range: read it as one of the unit, as "last hour" is.
            var count = match.Groups["count"].Success ? Math.Max(1, int.Parse(match.Groups["count"].Value, CultureInfo.InvariantCulture)) : 1;
            var unit = match.Groups["unit"].Value.ToLowerInvariant();
            var span = unit.StartsWith("min", StringComparison.Ordinal) ? TimeSpan.FromMinutes(count)
                : unit.StartsWith('h') ? TimeSpan.FromHours(count)
                : unit.StartsWith('d') ? TimeSpan.FromDays(count)
                : TimeSpan.FromDays(7 * count);
            span = span > TimeSpan.FromDays(30) ? TimeSpan.FromDays(30) : span;
            return (now - span, now, $"the last {Words(span)}");
        }

        if (ContainsPhrase(question, "this week"))
        {
            return (now.AddDays(-7), now, "the last 7 days");
        }

        return (now.AddHours(-defaultHours), now, $"the last {Words(TimeSpan.FromHours(defaultHours))}");
    }

    private static (IReadOnlyList<LogEntryLevel> Levels, string Word) Levels(List<string> words)
    {
        if (words.Any(w => w.Equals("critical", StringComparison.OrdinalIgnoreCase) || w.Equals("fatal", StringComparison.OrdinalIgnoreCase)))
        {
            return ([LogEntryLevel.Critical], "critical errors");
        }

        if (words.Any(ErrorWords.Contains))
        {
            return ([LogEntryLevel.Error, LogEntryLevel.Critical], "errors");
        }

        return words.Any(w => w.StartsWith("warn", StringComparison.OrdinalIgnoreCase) || w.Equals("slow", StringComparison.OrdinalIgnoreCase))
            ? ([LogEntryLevel.Warning], "warnings")
            : ([LogEntryLevel.Warning, LogEntryLevel.Error, LogEntryLevel.Critical], "problems");
    }

    private static string Words(TimeSpan span) =>
        span.TotalDays >= 2 && span.TotalDays % 1 == 0 ? $"{span.TotalDays:0} days"
        : span.TotalHours >= 1 && span.TotalHours % 1 == 0 ? $"{span.TotalHours:0} h"
        : $"{span.TotalMinutes:0} min";

    private static bool ContainsPhrase(string text, string phrase) =>
        Regex.IsMatch(text, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(phrase)}(?![\p{{L}}\p{{N}}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}_\-]*", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\b(?:last|past|previous)\s+(?:(?<count>\d{1,4})\s*)?(?<unit>minutes?|mins?|hours?|hrs?|h|days?|d|weeks?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex RangePattern();

    [GeneratedRegex(@"^(?:user|usr|u|customer|cust)[_\-:]?[A-Za-z]*\d[\w\-]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex UserPattern();

    [GeneratedRegex(@"^(?:sess|session|sid)[_\-:][\w\-]+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex SessionPattern();
}
