using LogAnalyzer.Storage;

namespace LogAnalyzer.Tests.Storage;

/// <summary>
/// The lifecycle every store contract suite shares: each test gets a new, empty, initialized store of the kind under
/// test, which is disposed (and its storage removed) afterwards.
/// </summary>
public abstract class StoreContract(TestStores stores) : IAsyncLifetime
{
    private ILogStore? _store;

    protected TestStores Stores => stores;

    protected ILogStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        _store = await stores.CreateAsync(Ct);
        await _store.InitializeAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await stores.DisposeStoreAsync(_store);
        }

        stores.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A kind of store for the contract suites: how to create one over empty storage and how to get rid of it.</summary>
public abstract class TestStores : IDisposable
{
    /// <summary>A new store over empty storage; the suite initializes it.</summary>
    public abstract Task<ILogStore> CreateAsync(CancellationToken cancellationToken);

    /// <summary>Disposes the store and removes its storage.</summary>
    public virtual ValueTask DisposeStoreAsync(ILogStore store)
    {
        (store as IDisposable)?.Dispose();
        return ValueTask.CompletedTask;
    }

    public virtual void Dispose() => GC.SuppressFinalize(this);
}
