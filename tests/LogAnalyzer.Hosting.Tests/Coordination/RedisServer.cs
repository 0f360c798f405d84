using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace LogAnalyzer.Tests.Coordination;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port with a temporary folder, started for the tests that need one
/// (<c>.ci/run</c> installs it). Where it is missing, <see cref="SkipReason"/> says so and the tests report skipped.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();
    private Process? _process;
    private string _executable = string.Empty;
    private int _port;

    public string Configuration { get; private set; } = string.Empty;

    public string? SkipReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);
        if (executable is null)
        {
            SkipReason = "redis-server is not installed (apt-get install -y redis-server; .ci/run does it).";
            return;
        }

        (_executable, _port) = (executable, FreePort());
        Configuration = $"127.0.0.1:{_port}";
        await StartAsync();
    }

    /// <summary>Kills the server with SIGKILL: no chance to save anything it had not written already.</summary>
    public async Task KillAsync()
    {
        _process!.Kill();
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
        _process.Dispose();
        _process = null;
    }

    /// <summary>Starts the server again on the same port and folder, from its append-only file.</summary>
    public Task StartAgainAsync() => StartAsync();

    private async Task StartAsync()
    {
        // Every write is in the append-only file before Redis answers, as LogAnalyzer's durability in Redis mode requires.
        _process = Process.Start(new ProcessStartInfo(_executable, ["--port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _folder.Path, "--save", "", "--appendonly", "yes", "--appendfsync", "always"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;

        // Ready once it says so: after a restart it answers PING with LOADING until its append-only file is read back.
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("Ready to accept connections", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        var process = _process;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("redis-server exited before it was ready."));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var options = ConfigurationOptions.Parse(Configuration);
        options.AbortOnConnectFail = false;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        await connection.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
