using System.Net;
using System.Net.Sockets;

namespace LogAnalyzer.Benchmarks.Integrations;

/// <summary>
/// A loopback HTTP endpoint that accepts whatever the Seq sink posts (reading the whole body) and answers 201, so
/// the Seq sink can be measured delivering its events, not only queuing them for a server that is down.
/// </summary>
public sealed class FakeSeqServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private long _events;

    public FakeSeqServer()
    {
        Url = $"http://127.0.0.1:{FreePort()}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public long BytesReceived { get; private set; }

    /// <summary>Events received: the sink posts newline-delimited compact JSON, one event per line.</summary>
    public long EventsReceived => Volatile.Read(ref _events);

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was stopped under a pending accept.
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        var buffer = new byte[81920];
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            int read;
            while ((read = await context.Request.InputStream.ReadAsync(buffer)) > 0)
            {
                BytesReceived += read;
                Interlocked.Add(ref _events, buffer.AsSpan(0, read).Count((byte)'\n'));
            }

            context.Response.StatusCode = 201;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync("{}"u8.ToArray());
            context.Response.Close();
        }
    }
}
