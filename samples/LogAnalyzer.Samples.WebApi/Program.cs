using LogAnalyzer.Samples.WebApi.Demo;

var builder = WebApplication.CreateBuilder(args);

// Options come from the "LogAnalyzer" section of appsettings.json; the database defaults to ./data.
builder.Services.AddLogAnalyzer();

// A realistic e-commerce log stream, so that analysis has something to find. Switch it off with Demo:Enabled=false.
builder.Services.Configure<DemoTrafficOptions>(builder.Configuration.GetSection("Demo"));
if (builder.Configuration.GetValue("Demo:Enabled", true))
{
    builder.Services.AddHostedService<DemoTrafficGenerator>();
}

var app = builder.Build();
app.MapLogAnalyzerEndpoints();
app.Run();
