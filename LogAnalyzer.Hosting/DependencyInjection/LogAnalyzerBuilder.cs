using Microsoft.Extensions.DependencyInjection;

namespace LogAnalyzer;

/// <summary>Configures LogAnalyzer's services; returned by <c>services.AddLogAnalyzer()</c>.</summary>
public sealed class LogAnalyzerBuilder
{
    internal LogAnalyzerBuilder(IServiceCollection services) => Services = services;

    /// <summary>The application's services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Adds a delegate that configures the options, run after configuration binding.</summary>
    /// <param name="configure">The delegate.</param>
    /// <returns>This builder.</returns>
    public LogAnalyzerBuilder Configure(Action<LogAnalyzerOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    /// <summary>Stores entries in the embedded SQLite database at <paramref name="path"/> (the default store).</summary>
    /// <param name="path">The database file; its folder is created when missing.</param>
    /// <returns>This builder.</returns>
    public LogAnalyzerBuilder UseSqlite(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Configure(options => options.Sqlite.Path = path);
    }
}
