namespace LogAnalyzer.Tests.Storage.Sqlite;

/// <summary>The impact contract on a real SQLite file.</summary>
public sealed class SqliteImpactTests() : ImpactStoreContractTests(new SqliteTestStores());
