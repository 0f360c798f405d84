using System.Globalization;
using LogAnalyzer.Alerts;
using Microsoft.AspNetCore.Http;

namespace LogAnalyzer.Endpoints;

/// <summary>The handlers of the alerts API (<c>/api/alerts…</c>): list, one with its history, acknowledge, resolve.</summary>
internal sealed class AlertApi(IAlertStore alerts, AlertNotificationDispatcher notifications, TimeProvider time)
{
    private static readonly string[] Statuses = [AlertStatus.Active, AlertStatus.Acknowledged, AlertStatus.Resolved];
    private static readonly string[] Severities = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];

    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<KeyValuePair<string, string>>();
        var hours = QueryValues.Number(request, "hours", 24, 1, 24 * 30, errors);
        var limit = QueryValues.Number(request, "limit", 100, 1, 1_000, errors);
        var status = QueryValues.OneOf(request, "status", Statuses, errors);
        var severity = QueryValues.OneOf(request, "severity", Severities, errors);
        if (errors.Count > 0)
        {
            return ApiJson.Invalid(errors);
        }

        var list = await alerts.ListAsync(time.GetUtcNow().AddHours(-hours), status, severity, limit, cancellationToken);
        return TypedResults.Json(new { success = true, count = list.Count, alerts = list }, ApiJson.Options);
    }

    public async Task<IResult> GetAsync(string alertId, CancellationToken cancellationToken)
    {
        var alert = await alerts.GetAsync(alertId, cancellationToken);
        if (alert is null)
        {
            return NotFound(alertId);
        }

        var history = await alerts.GetHistoryAsync(alertId, cancellationToken);
        return TypedResults.Json(new { success = true, alert, history }, ApiJson.Options);
    }

    public Task<IResult> AcknowledgeAsync(string alertId, HttpRequest request, CancellationToken cancellationToken) =>
        TransitionAsync(
            alertId,
            request,
            AlertEvents.Acknowledged,
            alert => alert.Status == AlertStatus.Active ? null : $"The alert is {alert.Status}; only an active alert can be acknowledged.",
            (alert, body, now) => alert with { Status = AlertStatus.Acknowledged, AcknowledgedBy = body.By ?? "api", AcknowledgedAt = now, UpdatedAt = now },
            cancellationToken);

    public Task<IResult> ResolveAsync(string alertId, HttpRequest request, CancellationToken cancellationToken) =>
        TransitionAsync(
            alertId,
            request,
            AlertEvents.Resolved,
            alert => alert.Status == AlertStatus.Resolved ? "The alert is already resolved." : null,
            (alert, body, now) => alert with { Status = AlertStatus.Resolved, ResolvedBy = body.By ?? "api", ResolvedAt = now, ResolutionNote = body.Note, UpdatedAt = now },
            cancellationToken);

    /// <summary>Reads the body, finds the alert (404), checks the transition is allowed (409), applies and stores it with its history.</summary>
    private async Task<IResult> TransitionAsync(
        string alertId,
        HttpRequest request,
        string change,
        Func<Alert, string?> refusal,
        Func<Alert, AlertActionRequest, DateTimeOffset, Alert> apply,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var alert = await alerts.GetAsync(alertId, cancellationToken);
        if (alert is null)
        {
            return NotFound(alertId);
        }

        if (refusal(alert) is { } reason)
        {
            return Conflict(reason);
        }

        var now = time.GetUtcNow();
        var changed = apply(alert, body!, now);
        if (!await alerts.TrySaveAsync(changed, change, alert, cancellationToken))
        {
            // Another request (or an evaluation) changed it since it was read: at most one of them applies.
            var current = await alerts.GetAsync(alertId, cancellationToken);
            return current is null ? NotFound(alertId) : Conflict(refusal(current) ?? "The alert changed while this request was handled; read it again.");
        }

        notifications.Publish(change, changed, now);
        return TypedResults.Json(new { success = true, alert = changed }, ApiJson.Options);
    }

    private static async Task<(AlertActionRequest? Body, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.HasJsonContentType()))
        {
            return (new AlertActionRequest(), null);
        }

        var (body, problem) = await ApiJson.ReadAsync<AlertActionRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }

        if (body!.By is { Length: > 200 })
        {
            return (null, ApiJson.Invalid("by", "'by' must be at most 200 characters."));
        }

        if (body.Note is { Length: > 4_000 })
        {
            return (null, ApiJson.Invalid("note", "'note' must be at most 4,000 characters."));
        }

        // As the log fields: a NUL would end the text wherever it is read back as a C string.
        foreach (var (field, text) in new[] { ("by", body.By), ("note", body.Note) })
        {
            if (text is not null && text.Contains('\0'))
            {
                return (null, ApiJson.Invalid(field, $"'{field}' holds a NUL character (\\u0000), which cannot be stored."));
            }
        }

        return (body, null);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound(string alertId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no alert with id '{(alertId.Length > 64 ? alertId[..64] : alertId)}'.");

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);
}

/// <summary>The optional body of acknowledge and resolve: who, and for resolve, what was done.</summary>
internal sealed class AlertActionRequest
{
    public string? By { get; set; }

    public string? Note { get; set; }
}
