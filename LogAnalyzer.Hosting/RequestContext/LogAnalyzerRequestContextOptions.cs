namespace LogAnalyzer;

/// <summary>
/// Settings of <c>app.UseLogAnalyzerRequestContext()</c>, bound from <c>LogAnalyzer:RequestContext</c>.
/// </summary>
public sealed class LogAnalyzerRequestContextOptions
{
    /// <summary>The configuration section: <c>LogAnalyzer:RequestContext</c>.</summary>
    public const string SectionName = "LogAnalyzer:RequestContext";

    /// <summary>The cookie that carries the session id; checked first. Default: <c>sessionId</c>.</summary>
    public string? SessionCookieName { get; set; } = "sessionId";

    /// <summary>The request header that carries the session id, when the cookie is absent. Default: <c>X-Session-Id</c>.</summary>
    public string? SessionHeaderName { get; set; } = "X-Session-Id";

    /// <summary>
    /// The claim types that give the user id, tried in order on the authenticated user. Default:
    /// <c>http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier</c>, then <c>sub</c>; types bound from
    /// configuration are added after these.
    /// </summary>
    public IList<string> UserIdClaimTypes { get; } = [System.Security.Claims.ClaimTypes.NameIdentifier, "sub"];

    /// <summary>
    /// A secret key: when set, the user id is stored as a keyed hash (HMAC-SHA256, 32 hex characters) instead of
    /// as given, so logs can follow a user without holding who it is. Keep it stable: a new key gives each user a
    /// new id; at least 16 characters. Not together with <see cref="RedactionOptions.UserIdHashKey"/>, which
    /// pseudonymizes every stored entry (this request's too) and is the one to choose unless the app's other logging
    /// providers must not see the id either; start-up fails when both are set. Default: none (the id is stored as given).
    /// </summary>
    public string? UserIdHashKey { get; set; }

    /// <summary>
    /// Whether one entry per request (method, endpoint, status code, elapsed milliseconds) is written to the
    /// pipeline, so that session timelines and response times need no code. Default: <see langword="true"/>.
    /// </summary>
    public bool WriteRequestCompletedEntries { get; set; } = true;
}
