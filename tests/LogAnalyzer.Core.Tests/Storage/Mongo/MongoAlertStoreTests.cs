namespace LogAnalyzer.Tests.Storage.Mongo;

/// <summary>The alert and analysis contract against a real MongoDB (<c>LOGANALYZER_TEST_MONGODB_URI</c>); skipped without one.</summary>
public sealed class MongoAlertStoreTests() : AlertStoreContractTests(new MongoTestStores());
