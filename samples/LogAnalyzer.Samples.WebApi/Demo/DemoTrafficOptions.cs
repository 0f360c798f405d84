namespace LogAnalyzer.Samples.WebApi.Demo;

/// <summary>Settings of the demo traffic generator (section <c>Demo</c>).</summary>
public sealed class DemoTrafficOptions
{
    /// <summary>Whether the generator runs. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many user visits start per minute. Default: 60.</summary>
    public int UsersPerMinute { get; set; } = 60;

    /// <summary>Seed of the random generator, for a repeatable stream; none for a new stream each run.</summary>
    public int? Seed { get; set; }
}
