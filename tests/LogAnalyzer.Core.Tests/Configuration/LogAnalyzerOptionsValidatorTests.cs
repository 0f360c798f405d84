namespace LogAnalyzer.Tests.Configuration;

public sealed class LogAnalyzerOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new LogAnalyzerOptionsValidator().Validate(null, new LogAnalyzerOptions()).Succeeded);
    }

    [Fact]
    public void Validate_BadSettings_NamesEachSetting()
    {
        var options = new LogAnalyzerOptions
        {
            Pipeline = { Capacity = 0, BatchSize = 100, MaxBatchSize = 10, FlushInterval = TimeSpan.Zero },
            Limits = { MaxStringLength = 0 },
            Api = { MaxPageSize = 10, DefaultPageSize = 20 },
            Sqlite = { Path = " " },
        };

        var result = new LogAnalyzerOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        foreach (var setting in new[]
        {
            "LogAnalyzer:Pipeline:Capacity", "LogAnalyzer:Pipeline:MaxBatchSize", "LogAnalyzer:Pipeline:FlushInterval",
            "LogAnalyzer:Limits:MaxStringLength", "LogAnalyzer:Api:DefaultPageSize", "LogAnalyzer:Api:MaxBatchEntries", "LogAnalyzer:Sqlite:Path",
        })
        {
            Assert.Contains(failures, f => f.StartsWith(setting, StringComparison.Ordinal));
        }
    }
}
