using Microsoft.Extensions.Options;

namespace LogAnalyzer;

/// <summary>Checks <see cref="LogAnalyzerOptions"/> at start-up; every message names the setting.</summary>
internal sealed class LogAnalyzerOptionsValidator : IValidateOptions<LogAnalyzerOptions>
{
    public ValidateOptionsResult Validate(string? name, LogAnalyzerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var p = options.Pipeline;
        AtLeast(errors, "Pipeline:Capacity", p.Capacity, 1);
        AtLeast(errors, "Pipeline:BatchSize", p.BatchSize, 1);
        AtLeast(errors, "Pipeline:MaxBatchSize", p.MaxBatchSize, p.BatchSize, "Pipeline:BatchSize");
        AtLeast(errors, "Pipeline:OverloadCapacity", p.OverloadCapacity, 1);
        Positive(errors, "Pipeline:FlushInterval", p.FlushInterval);
        NotNegative(errors, "Pipeline:EnqueueTimeout", p.EnqueueTimeout);
        NotNegative(errors, "Pipeline:ShutdownTimeout", p.ShutdownTimeout);
        Positive(errors, "Pipeline:RetryBaseDelay", p.RetryBaseDelay);
        if (p.RetryMaxDelay < p.RetryBaseDelay)
        {
            errors.Add($"LogAnalyzer:Pipeline:RetryMaxDelay must be at least LogAnalyzer:Pipeline:RetryBaseDelay ({p.RetryBaseDelay}); it is {p.RetryMaxDelay}.");
        }

        var l = options.Limits;
        AtLeast(errors, "Limits:MaxMessageLength", l.MaxMessageLength, 1);
        AtLeast(errors, "Limits:MaxStringLength", l.MaxStringLength, 1);
        AtLeast(errors, "Limits:MaxProperties", l.MaxProperties, 0);
        NotNegative(errors, "Limits:MaxFutureSkew", l.MaxFutureSkew);

        var a = options.Api;
        AtLeast(errors, "Api:MaxBatchEntries", a.MaxBatchEntries, 1);
        if (a.MaxBatchEntries > p.Capacity)
        {
            errors.Add($"LogAnalyzer:Api:MaxBatchEntries must not exceed LogAnalyzer:Pipeline:Capacity ({p.Capacity}), or a full batch could never be admitted; it is {a.MaxBatchEntries}.");
        }

        AtLeast(errors, "Api:MaxPageSize", a.MaxPageSize, 1);
        AtLeast(errors, "Api:DefaultPageSize", a.DefaultPageSize, 1);
        if (a.DefaultPageSize > a.MaxPageSize)
        {
            errors.Add($"LogAnalyzer:Api:DefaultPageSize must not exceed LogAnalyzer:Api:MaxPageSize ({a.MaxPageSize}); it is {a.DefaultPageSize}.");
        }

        AtLeast(errors, "Api:RecentErrors", a.RecentErrors, 0);
        SecurityOptionsValidation.Validate(options.Security, errors);
        if (string.IsNullOrWhiteSpace(options.Sqlite.Path))
        {
            errors.Add("LogAnalyzer:Sqlite:Path must name a database file.");
        }

        AtLeast(errors, "Patterns:MaxPatterns", options.Patterns.MaxPatterns, 1);
        AtLeast(errors, "Patterns:MinDistinctValues", options.Patterns.MinDistinctValues, 2);
        foreach (var (maskName, pattern) in options.Patterns.Masks)
        {
            try
            {
                _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                errors.Add($"LogAnalyzer:Patterns:Masks:{maskName} is not a valid regular expression: {ex.Message}");
            }
        }

        var an = options.Anomalies;
        if (an.Threshold is <= 0 or > 1)
        {
            errors.Add($"LogAnalyzer:Anomalies:Threshold must be greater than 0 and at most 1; it is {an.Threshold}.");
        }

        if (an.BaselineWeight is <= 0 or >= 1)
        {
            errors.Add($"LogAnalyzer:Anomalies:BaselineWeight must be between 0 and 1 (exclusive); it is {an.BaselineWeight}.");
        }

        if (an.RareShare is < 0 or >= 1)
        {
            errors.Add($"LogAnalyzer:Anomalies:RareShare must be at least 0 and below 1; it is {an.RareShare}.");
        }

        NotNegative(errors, "Anomalies:LearningPeriod", an.LearningPeriod);
        var alerts = options.Alerts;
        if (alerts.EvaluationInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"LogAnalyzer:Alerts:EvaluationInterval must be at least 1 second; it is {alerts.EvaluationInterval}.");
        }

        if (alerts.Window < TimeSpan.FromMinutes(1))
        {
            errors.Add($"LogAnalyzer:Alerts:Window must be at least 1 minute; it is {alerts.Window}.");
        }

        if (alerts.ErrorSpikeThreshold <= 0 || double.IsNaN(alerts.ErrorSpikeThreshold))
        {
            errors.Add($"LogAnalyzer:Alerts:ErrorSpikeThreshold must be greater than 0; it is {alerts.ErrorSpikeThreshold}.");
        }

        AtLeast(errors, "Alerts:MinimumErrors", alerts.MinimumErrors, 1);
        AtLeast(errors, "Alerts:CriticalEndpointFailures", alerts.CriticalEndpointFailures, 1);
        AtLeast(errors, "Alerts:ClearAfterEvaluations", alerts.ClearAfterEvaluations, 1);
        AtLeast(errors, "Alerts:ConfirmEvaluations", alerts.ConfirmEvaluations, 1);
        AlertOptionsValidation.Validate(alerts, options.Revenue, options.Insights, errors);

        if (options.Redis.Configuration is { } redis && string.IsNullOrWhiteSpace(redis))
        {
            errors.Add("LogAnalyzer:Redis:Configuration must be a StackExchange.Redis configuration string such as localhost:6379, or not set.");
        }

        if (options.Redis.KeyPrefix is null)
        {
            errors.Add("LogAnalyzer:Redis:KeyPrefix must be set (it may be empty).");
        }

        RedisQueueValidation.Validate(options.Redis, errors);
        if (options.Ai.Redaction.UserIdHashKey is { } hashKey)
        {
            SecurityOptionsValidation.CheckKey(errors, "Ai:Redaction:UserIdHashKey", hashKey);
        }

        if (options.Health is { } health)
        {
            AtLeast(errors, "Health:MemoryWarningMegabytes", health.MemoryWarningMegabytes, 1);
            AtLeast(errors, "Health:MinimumFreeDiskMegabytes", health.MinimumFreeDiskMegabytes, 0);
            Positive(errors, "Health:MemoryCheckInterval", health.MemoryCheckInterval);
            NotNegative(errors, "Health:DropsReportedFor", health.DropsReportedFor);
        }

        if (options.Retention is { } retention)
        {
            if (retention.Entries < TimeSpan.FromHours(1))
            {
                errors.Add($"LogAnalyzer:Retention:Entries must be at least 1 hour; it is {retention.Entries}.");
            }

            if (retention.Interval < TimeSpan.FromMinutes(1))
            {
                errors.Add($"LogAnalyzer:Retention:Interval must be at least 1 minute; it is {retention.Interval}.");
            }

            AtLeast(errors, "Retention:BatchSize", retention.BatchSize, 1);
        }

        MongoDbValidation.Validate(options.MongoDb, errors);

        var ai = options.Ai;
        if (ai.BaseUrl is null || !ai.BaseUrl.IsAbsoluteUri || ai.BaseUrl.Scheme is not ("http" or "https"))
        {
            errors.Add($"LogAnalyzer:Ai:BaseUrl must be an absolute http or https URL; it is '{ai.BaseUrl}'.");
        }

        if (string.IsNullOrWhiteSpace(ai.Model))
        {
            errors.Add("LogAnalyzer:Ai:Model must name a model, such as gpt-oss-120b.");
        }

        if (ai.Temperature is < 0 or > 2 || float.IsNaN(ai.Temperature))
        {
            errors.Add($"LogAnalyzer:Ai:Temperature must be between 0 and 2; it is {ai.Temperature}.");
        }

        AtLeast(errors, "Ai:MaxTokens", ai.MaxTokens, 64);
        AtLeast(errors, "Ai:TokensPerMinute", ai.TokensPerMinute, ai.MaxTokens, "Ai:MaxTokens");
        AtLeast(errors, "Ai:TokensPerDay", ai.TokensPerDay, ai.TokensPerMinute, "Ai:TokensPerMinute");
        if (ai.AttemptTimeout < TimeSpan.FromMilliseconds(100) || ai.AttemptTimeout > TimeSpan.FromHours(1))
        {
            errors.Add($"LogAnalyzer:Ai:AttemptTimeout must be between 100 milliseconds and 1 hour; it is {ai.AttemptTimeout}.");
        }

        if (ai.TotalTimeout > TimeSpan.FromHours(6))
        {
            errors.Add($"LogAnalyzer:Ai:TotalTimeout must be at most 6 hours; it is {ai.TotalTimeout}.");
        }

        Positive(errors, "Ai:AnalysisInterval", ai.AnalysisInterval);
        if (ai.TotalTimeout < ai.AttemptTimeout)
        {
            errors.Add($"LogAnalyzer:Ai:TotalTimeout must be at least LogAnalyzer:Ai:AttemptTimeout ({ai.AttemptTimeout}); it is {ai.TotalTimeout}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static void AtLeast(List<string> errors, string setting, int value, int minimum, string? minimumSetting = null)
    {
        if (value < minimum)
        {
            var bound = minimumSetting is null ? minimum.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"LogAnalyzer:{minimumSetting} ({minimum})";
            errors.Add($"LogAnalyzer:{setting} must be at least {bound}; it is {value}.");
        }
    }

    internal static void Positive(List<string> errors, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"LogAnalyzer:{setting} must be greater than zero; it is {value}.");
        }
    }

    internal static void NotNegative(List<string> errors, string setting, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            errors.Add($"LogAnalyzer:{setting} must not be negative; it is {value}.");
        }
    }
}
