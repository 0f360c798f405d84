using Microsoft.AspNetCore.Http;

namespace LogAnalyzer.Hosting.Dashboard;

/// <summary>
/// The headers of every dashboard file: a Content-Security-Policy that allows only this origin's scripts, styles and
/// API (no inline script or style, no framing, no forms, no base), and the API's other hardening headers.
/// </summary>
internal static class DashboardHeaders
{
    /// <summary>The dashboard's Content-Security-Policy.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void Apply(IHeaderDictionary headers) => Security.SecurityHeaders.Apply(headers, ContentSecurityPolicy);
}
