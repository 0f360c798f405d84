namespace LogAnalyzer;

/// <summary>The checks of the MongoDB store's settings, made only when the store is used (a connection string is set).</summary>
internal static class MongoDbValidation
{
    public static void Validate(MongoDbStoreOptions mongo, List<string> errors)
    {
        if (mongo.ConnectionString is not { } connectionString)
        {
            return;
        }

        if (!connectionString.StartsWith("mongodb://", StringComparison.Ordinal) && !connectionString.StartsWith("mongodb+srv://", StringComparison.Ordinal))
        {
            errors.Add("LogAnalyzer:MongoDb:ConnectionString must be a MongoDB connection string starting with mongodb:// or mongodb+srv://, or not set.");
        }

        if (string.IsNullOrWhiteSpace(mongo.Database) || mongo.Database.IndexOfAny(['/', '\\', '.', ' ', '"', '$']) >= 0)
        {
            errors.Add($"LogAnalyzer:MongoDb:Database must name a database without /, \\, ., space, \" or $; it is '{mongo.Database}'.");
        }

        LogAnalyzerOptionsValidator.AtLeast(errors, "MongoDb:MaxPoolSize", mongo.MaxPoolSize, 1);
        LogAnalyzerOptionsValidator.AtLeast(errors, "MongoDb:MinPoolSize", mongo.MinPoolSize, 0);
        if (mongo.MinPoolSize > mongo.MaxPoolSize)
        {
            errors.Add($"LogAnalyzer:MongoDb:MinPoolSize must be at most LogAnalyzer:MongoDb:MaxPoolSize ({mongo.MaxPoolSize}); it is {mongo.MinPoolSize}.");
        }

        LogAnalyzerOptionsValidator.Positive(errors, "MongoDb:ServerSelectionTimeout", mongo.ServerSelectionTimeout);
        LogAnalyzerOptionsValidator.Positive(errors, "MongoDb:SocketTimeout", mongo.SocketTimeout);
#pragma warning disable CS0618 // The replaced setting is read only to refuse it.
        if (mongo.RetentionDays is { } days)
#pragma warning restore CS0618
        {
            errors.Add(days > 0
                ? $"LogAnalyzer:MongoDb:RetentionDays is no longer read: set LogAnalyzer:Retention:Entries instead (for {days} days: \"{days}.00:00:00\")."
                : "LogAnalyzer:MongoDb:RetentionDays is no longer read: set LogAnalyzer:Retention:Enabled to false instead to keep entries for ever.");
        }
    }
}
