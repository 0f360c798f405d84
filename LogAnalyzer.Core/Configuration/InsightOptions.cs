namespace LogAnalyzer;

/// <summary>Session timelines, trending issues, search and the copilot (<c>LogAnalyzer:Insights</c>).</summary>
public sealed class InsightOptions
{
    /// <summary>
    /// The journey stage of an endpoint, by a text the endpoint contains (case-insensitive; the longest match wins;
    /// the key <c>/</c> matches only the root). Timelines label entries by stage and describe a failed journey as
    /// "browse → cart → payment". Configuration adds to or overrides the defaults. Default: <c>/</c> home,
    /// products/catalog/events/browse browse, search, cart, checkout, payment, login/auth login.
    /// </summary>
    public IDictionary<string, string> Stages { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["/"] = "home",
        ["/home"] = "home",
        ["products"] = "browse",
        ["catalog"] = "browse",
        ["events"] = "browse",
        ["browse"] = "browse",
        ["search"] = "search",
        ["cart"] = "cart",
        ["checkout"] = "checkout",
        ["payment"] = "payment",
        ["login"] = "login",
        ["auth"] = "login",
    };

    /// <summary>The most entries a session timeline shows (its first ones). Default: 500.</summary>
    public int MaxTimelineEvents { get; set; } = 500;

    /// <summary>Turns of a copilot conversation kept and sent back to the model. Default: 20.</summary>
    public int MaxConversationTurns { get; set; } = 20;

    /// <summary>A copilot conversation untouched for this long is forgotten. Default: 24 hours.</summary>
    public TimeSpan ConversationExpiry { get; set; } = TimeSpan.FromHours(24);
}
