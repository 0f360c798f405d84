namespace LogAnalyzer.Hosting;

/// <summary>Registered by <c>AddLogAnalyzer</c>, so that mapping the endpoints can tell whether it was called.</summary>
internal sealed class LogAnalyzerMarkerService;
