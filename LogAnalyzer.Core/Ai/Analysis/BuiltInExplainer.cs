using System.Globalization;
using LogAnalyzer.Storage;

namespace LogAnalyzer.Ai.Analysis;

/// <summary>
/// Explains a pattern without a language model, from its template, its statistics and the shape of its messages:
/// what happens, how often and where, a likely cause from well-known failure words, a severity from the level mix
/// and the trend, and the usual fixes for that kind of failure.
/// </summary>
internal static class BuiltInExplainer
{
    private static readonly (string Category, string[] Words, string Cause, string[] Fixes)[] Kinds =
    [
        ("timeout", ["timeout", "timed out", "deadline exceeded"],
            "A dependency answers too slowly: calls give up before it responds.",
            ["Check the health and latency of the dependency named in the message.", "Review the timeout and retry settings of the caller.", "Add a circuit breaker so a slow dependency fails fast."]),
        ("connectivity", ["connection refused", "unreachable", "no route to host", "connection reset", "broken pipe", "econnrefused", "host not found"],
            "A dependency cannot be reached: it is down, restarting or blocked by the network.",
            ["Check that the dependency is running and listening.", "Check DNS, firewall rules and connection strings.", "Retry with backoff and alert when it stays unreachable."]),
        ("database", ["deadlock", "sql", "database", "db_", "pool exhausted", "too many connections", "constraint"],
            "The database refuses or delays work: contention, a full connection pool or a failed constraint.",
            ["Look at slow queries and locks at the time of the errors.", "Check the connection pool size against the load.", "Add or fix the index behind the slow statement."]),
        ("auth", ["unauthorized", "forbidden", "invalid credentials", "invalid token", "access denied", "permission denied", "401", "403", "auth_"],
            "Requests are refused for missing or wrong credentials or permissions.",
            ["Check for expired tokens or rotated keys.", "Verify the caller's permissions for the resource.", "Look for a spike of attempts from one source (possible abuse)."]),
        ("resources", ["out of memory", "outofmemory", "disk full", "no space left", "quota", "too many open files", "resource exhausted"],
            "The process ran out of a resource: memory, disk, file handles or a quota.",
            ["Check memory and disk usage of the host at the time.", "Look for a leak or an unbounded cache or queue.", "Raise the limit only after finding what consumes it."]),
        ("payment", ["payment", "card", "declined", "gateway", "charge"],
            "Payments fail at the payment provider or on the way to it.",
            ["Check the payment provider's status page and error codes.", "Make sure failed payments are retried safely (idempotency keys).", "Tell affected users their order is not lost."]),
        ("code", ["nullreference", "null reference", "object reference not set", "argumentexception", "invalidoperation", "index out of range", "keynotfound", "format exception", "cast"],
            "A defect in the application's code: an unexpected value reached code that does not handle it.",
            ["Open the stack trace and fix the failing method.", "Add a test that reproduces the failing input.", "Validate the input where it enters the system."]),
        ("validation", ["invalid", "validation", "bad request", "400", "malformed", "required"],
            "Requests carry data the application rejects.",
            ["Check which client sends the invalid data and why.", "Return clear validation errors to the client.", "Update the client or relax the rule if it is wrong."]),
        ("stock", ["stock", "inventory", "out of stock", "low_stock"],
            "Items run short in the inventory.",
            ["Restock or hide the items running out.", "Alert the team that manages inventory."]),
    ];

    public static PatternAnalysis Explain(PatternEvidence evidence, DateTimeOffset now, string? failure = null)
    {
        var pattern = evidence.Pattern;
        var text = string.Join(' ', [pattern.Template, .. evidence.Samples, evidence.Exception ?? string.Empty, .. evidence.TopErrorCodes.Select(c => c.Key)]).ToLowerInvariant();
        var kind = Kinds.FirstOrDefault(k => k.Words.Any(w => text.Contains(w, StringComparison.Ordinal)));
        var failures = pattern.CountByLevel.GetValueOrDefault(LogEntryLevel.Error) + pattern.CountByLevel.GetValueOrDefault(LogEntryLevel.Critical);
        var warnings = pattern.CountByLevel.GetValueOrDefault(LogEntryLevel.Warning);
        var severity = Severity(pattern, failures, evidence);
        var trend = Trend(evidence);
        var where = evidence.TopEndpoints.Count > 0 ? $", mostly on {evidence.TopEndpoints[0].Key}" : string.Empty;
        var code = evidence.TopErrorCodes.Count > 0 ? $" ({evidence.TopErrorCodes[0].Key})" : string.Empty;
        var summary = $"{Shorten(pattern.Template, 160)}{code}: {Times(pattern.Count)} in all, {Count(evidence.LastHour)} in the last hour{trend}{where}.";
        var cause = kind.Cause
            ?? (failures > 0 ? "An operation fails repeatedly in the same way; the samples and stack trace show where." : "A recurring event; nothing in it points to a failure.");
        var users = evidence.AffectedUsers > 0 ? $" It reached {Count(evidence.AffectedUsers)} users recently." : string.Empty;
        var latency = evidence.P95ResponseTime is { } p95 ? $" Requests with it take {evidence.AverageResponseTime:0} ms on average, {p95:0} ms at the 95th percentile." : string.Empty;
        var explanation = (failures > 0
                ? $"This is a failure that keeps happening: {Count(failures)} errors so far{where}."
                : warnings > 0 ? $"This is a warning that keeps coming back ({Times(warnings)})." : "This is a routine event.")
            + users + latency + (kind.Category is null ? string.Empty : $" {kind.Cause}");
        var fixes = kind.Fixes ?? (failures > 0
            ? ["Read the newest samples and the stack trace to find the failing step.", "Check what changed (deployments, configuration, dependencies) when it began."]
            : []);
        return new PatternAnalysis(
            pattern.Id, "builtin", null, summary, cause, explanation, severity, kind.Category ?? (failures > 0 ? "error" : "info"), fixes, now, pattern.Count, failure);
    }

    private static string Severity(PatternSummary pattern, long failures, PatternEvidence evidence)
    {
        var rising = evidence.LastHour >= 10 && evidence.LastHour >= evidence.PreviousHour * 2;
        if (pattern.CountByLevel.ContainsKey(LogEntryLevel.Critical))
        {
            return "CRITICAL";
        }

        if (failures > 0)
        {
            return rising || evidence.AnomalyReasons.Any(r => r.Key is "critical_endpoint") ? "HIGH" : "MEDIUM";
        }

        return pattern.CountByLevel.ContainsKey(LogEntryLevel.Warning) ? (rising ? "MEDIUM" : "LOW") : "LOW";
    }

    private static string Trend(PatternEvidence evidence)
    {
        if (evidence.PreviousHour == 0)
        {
            return evidence.LastHour > 0 ? " (new this hour)" : string.Empty;
        }

        var change = (evidence.LastHour - evidence.PreviousHour) * 100.0 / evidence.PreviousHour;
        return string.Create(CultureInfo.InvariantCulture, $" ({(change >= 0 ? "+" : string.Empty)}{change:0}% on the hour before)");
    }

    private static string Times(long count) => count == 1 ? "once" : $"{Count(count)} times";

    private static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
