namespace LogAnalyzer.Tests.Storage.Mongo;

/// <summary>The impact contract against a real MongoDB (<c>LOGANALYZER_TEST_MONGODB_URI</c>); skipped without one.</summary>
public sealed class MongoImpactTests() : ImpactStoreContractTests(new MongoTestStores());
