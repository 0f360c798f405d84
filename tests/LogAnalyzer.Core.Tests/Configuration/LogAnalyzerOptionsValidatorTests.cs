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
            Pipeline = { Capacity = 0, OverloadCapacity = 0, BatchSize = 100, MaxBatchSize = 10, FlushInterval = TimeSpan.Zero },
            Limits = { MaxStringLength = 0 },
            Api = { MaxPageSize = 10, DefaultPageSize = 20 },
            Sqlite = { Path = " " },
        };

        var result = new LogAnalyzerOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        foreach (var setting in new[]
        {
            "LogAnalyzer:Pipeline:Capacity", "LogAnalyzer:Pipeline:OverloadCapacity", "LogAnalyzer:Pipeline:MaxBatchSize", "LogAnalyzer:Pipeline:FlushInterval",
            "LogAnalyzer:Limits:MaxStringLength", "LogAnalyzer:Api:DefaultPageSize", "LogAnalyzer:Api:MaxBatchEntries", "LogAnalyzer:Sqlite:Path",
        })
        {
            Assert.Contains(failures, f => f.StartsWith(setting, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Validate_BadAlertSettings_NamesEachSetting()
    {
        var options = new LogAnalyzerOptions
        {
            Alerts =
            {
                LatencyFactor = 1,
                PatternSpikeFactor = double.NaN,
                HighUsers = 50,
                CriticalUsers = 10,
                Retention = TimeSpan.FromMinutes(5),
                Runbooks = { new RunbookOptions { Steps = ["Restart"] }, new RunbookOptions { ErrorCode = "E1" } },
                Webhook = { Url = new Uri("ftp://hooks.example.com"), Format = "teams", MinimumSeverity = "high" },
            },
            Revenue = { ValuePerFailedSession = { ["refund"] = -5m } },
        };

        var failures = new LogAnalyzerOptionsValidator().Validate(null, options).Failures!.ToList();

        foreach (var setting in new[]
        {
            "LogAnalyzer:Alerts:LatencyFactor", "LogAnalyzer:Alerts:PatternSpikeFactor", "LogAnalyzer:Alerts:CriticalUsers must be at least LogAnalyzer:Alerts:HighUsers",
            "LogAnalyzer:Alerts:Retention", "LogAnalyzer:Alerts:Runbooks:0 must set ErrorCode", "LogAnalyzer:Alerts:Runbooks:1 must have Steps",
            "LogAnalyzer:Alerts:Webhook:Url", "LogAnalyzer:Alerts:Webhook:Format", "LogAnalyzer:Alerts:Webhook:MinimumSeverity",
            "LogAnalyzer:Revenue:ValuePerFailedSession:refund",
        })
        {
            Assert.Contains(failures, f => f.StartsWith(setting, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Validate_BadRedisQueueSettings_NamesEachSetting()
    {
        var options = new LogAnalyzerOptions();
        options.Redis.Queue = new RedisQueueOptions
        {
            Enabled = true,
            StreamName = " ",
            ConsumerGroup = "",
            MaxLength = 0,
            ReadBatchSize = 0,
            MaxAttempts = 0,
            PollInterval = TimeSpan.Zero,
            RetryBaseDelay = TimeSpan.FromSeconds(-1),
            ClaimIdleTime = TimeSpan.Zero,
            FallbackRetryInterval = TimeSpan.Zero,
            DeadLetterMaxLength = 0,
        };

        var failures = new LogAnalyzerOptionsValidator().Validate(null, options).Failures!.ToList();

        foreach (var setting in new[] { "Enabled", "StreamName", "ConsumerGroup", "MaxLength", "ReadBatchSize", "MaxAttempts", "PollInterval", "RetryBaseDelay", "ClaimIdleTime", "FallbackRetryInterval", "DeadLetterMaxLength" })
        {
            Assert.Contains(failures, f => f.StartsWith($"LogAnalyzer:Redis:Queue:{setting} ", StringComparison.Ordinal));
        }

        Assert.Contains("needs LogAnalyzer:Redis:Configuration", failures.Single(f => f.StartsWith("LogAnalyzer:Redis:Queue:Enabled", StringComparison.Ordinal)), StringComparison.Ordinal);
    }
}
