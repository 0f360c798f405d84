namespace LogAnalyzer.Alerts;

/// <summary>One step of an alert's runbook.</summary>
/// <param name="Step">What to do.</param>
/// <param name="Source">
/// Where it comes from: <c>configured</c> (<see cref="AlertOptions.Runbooks"/>), <c>learned</c> (the resolution note
/// of an earlier alert with the same fingerprint), <c>ai</c> or <c>builtin</c> (a pattern's suggested
/// fix), or <c>built-in</c> (the rule's default steps).
/// </param>
/// <param name="Link">A link to read more, when there is one.</param>
public sealed record RunbookStep(string Step, string Source, Uri? Link = null);
