using System.Diagnostics;
using System.Reflection;

namespace LogAnalyzer.Tests.Crash;

/// <summary>The sample web API running as a child process on a loopback port, with the demo traffic off.</summary>
internal sealed class SampleProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SampleProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<SampleProcess> StartAsync(string databasePath)
    {
        var dll = SampleDll();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--urls", "http://127.0.0.1:0", "--Demo:Enabled=false", $"--LogAnalyzer:Sqlite:Path={databasePath}", "--Logging:LogLevel:Default=Information" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The sample did not start.");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            const string marker = "Now listening on: ";
            var at = e.Data?.IndexOf(marker, StringComparison.Ordinal) ?? -1;
            if (at >= 0)
            {
                listening.TrySetResult(new Uri(e.Data![(at + marker.Length)..].Trim()));
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"The sample exited with code {process.ExitCode} before it listened."));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = await listening.Task.WaitAsync(TimeSpan.FromMinutes(2));
        return new SampleProcess(process, address);
    }

    /// <summary>Ends the process at once (SIGKILL on Linux): no shutdown code runs.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string SampleDll()
    {
        var metadata = typeof(SampleProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        var path = Path.Combine(metadata["RepoRoot"]!, "samples", "LogAnalyzer.Samples.WebApi", "bin", metadata["Configuration"]!, "net10.0", "LogAnalyzer.Samples.WebApi.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the sample first (the test project references it).", path);
    }
}
