using LogAnalyzer.Hosting;
using LogAnalyzer.Hosting.RequestContext;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds LogAnalyzer's request-context middleware to an <see cref="IApplicationBuilder"/>.</summary>
public static class LogAnalyzerApplicationBuilderExtensions
{
    /// <summary>
    /// Puts <c>SessionId</c> (cookie or header), <c>UserId</c> (from the user's claims, optionally a keyed hash) and
    /// <c>TraceId</c> into the logging scope of each request, and writes one request-completed entry (endpoint,
    /// status code, elapsed milliseconds) per request. Settings: <c>LogAnalyzer:RequestContext</c>. Place it after
    /// <c>UseAuthentication()</c> for the user id to be in the scope; the completed entry has it either way.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    /// <exception cref="InvalidOperationException"><c>services.AddLogAnalyzer()</c> was not called.</exception>
    public static IApplicationBuilder UseLogAnalyzerRequestContext(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ApplicationServices.GetService(typeof(LogAnalyzerMarkerService)) is null)
        {
            throw new InvalidOperationException("UseLogAnalyzerRequestContext() needs LogAnalyzer's services: call services.AddLogAnalyzer() first.");
        }

        return app.UseMiddleware<RequestContextMiddleware>();
    }
}
