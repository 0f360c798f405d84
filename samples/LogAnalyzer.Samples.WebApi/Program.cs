using LogAnalyzer.Samples.WebApi.Demo;
using Serilog;

var builder = WebApplication.CreateBuilder(args);

// Options come from the "LogAnalyzer" section of appsettings.json; the database defaults to ./data.
builder.Services.AddLogAnalyzer();

// The app logs through Serilog (its settings in the "Serilog" section); the LogAnalyzer sink writes to the host's
// pipeline, so request logs, app logs and the demo traffic all land in the same database.
builder.Services.AddSerilog((services, logging) => logging
    .ReadFrom.Configuration(builder.Configuration)
    .Enrich.FromLogContext()
    .WriteTo.Console()
    .WriteTo.LogAnalyzer(services));

// A realistic e-commerce log stream, so that analysis has something to find. Switch it off with Demo:Enabled=false.
builder.Services.Configure<DemoTrafficOptions>(builder.Configuration.GetSection("Demo"));
if (builder.Configuration.GetValue("Demo:Enabled", true))
{
    builder.Services.AddHostedService<DemoTrafficGenerator>();
}

var app = builder.Build();

// SessionId (cookie "sessionId" or header "X-Session-Id"), UserId and TraceId in every log of a request, and one
// request-completed entry per request.
app.UseLogAnalyzerRequestContext();
app.MapLogAnalyzerEndpoints();
// The dashboard at http://localhost:5000/loganalyzer, reading the API above.
app.MapLogAnalyzerDashboard("/loganalyzer");
app.Run();
