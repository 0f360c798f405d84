namespace LogAnalyzer.Tests.Configuration;

public sealed class MongoDbValidationTests
{
    [Fact]
    public void Validate_MongoDbNotConfigured_IgnoresItsOtherSettings()
    {
        var options = new LogAnalyzerOptions { MongoDb = { Database = "", MaxPoolSize = 0 } };

        Assert.True(new LogAnalyzerOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_MongoDbDefaultsWithConnectionString_Succeed()
    {
        var options = new LogAnalyzerOptions { MongoDb = { ConnectionString = "mongodb://localhost:27017" } };

        Assert.True(new LogAnalyzerOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_BadMongoDbSettings_NamesEachSetting()
    {
        var options = new LogAnalyzerOptions
        {
            MongoDb =
            {
                ConnectionString = "localhost:27017",
                Database = "log.analyzer",
                MaxPoolSize = 5,
                MinPoolSize = 10,
                ServerSelectionTimeout = TimeSpan.Zero,
                SocketTimeout = TimeSpan.FromSeconds(-1),
            },
        };

        var failures = new LogAnalyzerOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Equal(
            [
                "LogAnalyzer:MongoDb:ConnectionString must be a MongoDB connection string starting with mongodb:// or mongodb+srv://, or not set.",
                "LogAnalyzer:MongoDb:Database must name a database without /, \\, ., space, \" or $; it is 'log.analyzer'.",
                "LogAnalyzer:MongoDb:MinPoolSize must be at most LogAnalyzer:MongoDb:MaxPoolSize (5); it is 10.",
                "LogAnalyzer:MongoDb:ServerSelectionTimeout must be greater than zero; it is 00:00:00.",
                "LogAnalyzer:MongoDb:SocketTimeout must be greater than zero; it is -00:00:01.",
            ],
            failures);
    }
}
