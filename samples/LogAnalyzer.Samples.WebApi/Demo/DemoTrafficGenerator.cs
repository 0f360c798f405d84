using System.Globalization;
using LogAnalyzer.Pipeline;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Samples.WebApi.Demo;

/// <summary>
/// Simulates an e-commerce shop's traffic: visitors in several cities walk home → browse → cart → login → checkout
/// → payment, with realistic response times, slow-response warnings and recurring incidents (a payment gateway that
/// times out for two minutes in every ten, bursts of failed logins, an occasional exhausted database pool).
/// </summary>
internal sealed class DemoTrafficGenerator(ILogPipeline pipeline, IOptions<DemoTrafficOptions> options, TimeProvider time) : BackgroundService
{
    private static readonly (string City, int Weight)[] Cities =
    [
        ("New York", 30), ("Los Angeles", 20), ("Chicago", 12), ("Houston", 10), ("London", 10), ("Berlin", 8), ("Mumbai", 6), ("Sydney", 4),
    ];

    private static readonly string[] Categories = ["shoes", "jackets", "electronics", "books", "toys", "kitchen"];

    private readonly Random _random = options.Value.Seed is { } seed ? new Random(seed) : new Random();
    private readonly List<Visit> _visits = [];
    private double _arrivals;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Tick(time.GetUtcNow());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Starts the visits due this second and advances every visit whose next step is due.</summary>
    internal void Tick(DateTimeOffset now)
    {
        _arrivals += options.Value.UsersPerMinute / 60.0;
        for (; _arrivals >= 1; _arrivals--)
        {
            _visits.Add(NewVisit(now));
        }

        for (var i = _visits.Count - 1; i >= 0; i--)
        {
            var visit = _visits[i];
            while (visit.NextStepAt <= now && !visit.Done)
            {
                Step(visit, now);
            }

            if (visit.Done)
            {
                _visits.RemoveAt(i);
            }
        }

        if (_random.NextDouble() < 0.002)
        {
            Emit(now, LogEntryLevel.Critical, string.Create(CultureInfo.InvariantCulture, $"Database connection pool exhausted: 100 of 100 connections in use, {_random.Next(5, 60)} requests waiting"),
                "/api/orders", null, "DB_POOL_EXHAUSTED", 30000);
        }
    }

    private Visit NewVisit(DateTimeOffset now) => new()
    {
        UserId = string.Create(CultureInfo.InvariantCulture, $"user_{_random.Next(1, 800)}"),
        SessionId = "sess_" + Convert.ToHexStringLower(BitConverter.GetBytes(_random.NextInt64()))[..12],
        City = PickCity(),
        NextStepAt = now,
        BrowsesLeft = _random.Next(1, 5),
    };

    private void Step(Visit visit, DateTimeOffset now)
    {
        switch (visit.Stage)
        {
            case Stage.Home:
                Request(visit, now, "/", "Rendered home page", 20, 80);
                visit.Stage = Stage.Browse;
                break;
            case Stage.Browse:
                var category = Categories[_random.Next(Categories.Length)];
                var product = _random.Next(1000, 9999);
                Request(visit, now, $"/api/products/{category}", string.Create(CultureInfo.InvariantCulture, $"Viewed product {product} in {category}"), 30, 180);
                if (_random.NextDouble() < 0.03)
                {
                    Emit(now, LogEntryLevel.Warning, string.Create(CultureInfo.InvariantCulture, $"Low stock for product {product}: {_random.Next(1, 5)} left"),
                        "/api/products/" + category, visit, "LOW_STOCK", null);
                }

                if (--visit.BrowsesLeft <= 0)
                {
                    visit.Stage = _random.NextDouble() < 0.55 ? Stage.Cart : Stage.Leave;
                }

                break;
            case Stage.Cart:
                Request(visit, now, "/api/cart", string.Create(CultureInfo.InvariantCulture, $"Added {_random.Next(1, 4)} items to cart"), 25, 120);
                visit.Stage = _random.NextDouble() < 0.8 ? Stage.Login : Stage.Leave;
                break;
            case Stage.Login:
                if (_random.NextDouble() < LoginFailureRate(now))
                {
                    Emit(now, LogEntryLevel.Warning, $"Login failed for {visit.UserId}: invalid credentials", "/api/auth/login", visit, "AUTH_INVALID_CREDENTIALS", _random.Next(80, 250));
                    visit.Stage = _random.NextDouble() < 0.5 ? Stage.Login : Stage.Leave;
                }
                else
                {
                    Request(visit, now, "/api/auth/login", $"User {visit.UserId} logged in", 60, 200);
                    visit.Stage = Stage.Checkout;
                }

                break;
            case Stage.Checkout:
                Request(visit, now, "/api/checkout", string.Create(CultureInfo.InvariantCulture, $"Checkout started with total ${_random.Next(15, 400)}.{_random.Next(0, 99):00}"), 50, 250);
                visit.Stage = Stage.Payment;
                break;
            case Stage.Payment:
                if (_random.NextDouble() < PaymentFailureRate(now))
                {
                    var wait = _random.Next(5000, 5600);
                    Emit(now, LogEntryLevel.Error, string.Create(CultureInfo.InvariantCulture, $"Payment gateway timeout after {wait}ms"), "/api/payment", visit, "PAYMENT_GATEWAY_TIMEOUT", wait);
                }
                else
                {
                    Request(visit, now, "/api/payment", string.Create(CultureInfo.InvariantCulture, $"Payment authorized for order ORD-{_random.Next(100000, 999999)}"), 200, 900);
                }

                visit.Stage = Stage.Leave;
                break;
            default:
                visit.Done = true;
                return;
        }

        // Think time before the visitor's next click.
        visit.NextStepAt = now + TimeSpan.FromSeconds(_random.Next(2, 15));
    }

    /// <summary>For two minutes in every ten the payment gateway mostly times out; otherwise rarely.</summary>
    private static double PaymentFailureRate(DateTimeOffset now) => now.Minute % 10 is 6 or 7 ? 0.6 : 0.02;

    /// <summary>A burst of failed logins (credential stuffing) in one minute of every fifteen.</summary>
    private static double LoginFailureRate(DateTimeOffset now) => now.Minute % 15 == 3 ? 0.7 : 0.05;

    private void Request(Visit visit, DateTimeOffset now, string endpoint, string message, int fastest, int slowest)
    {
        var elapsed = _random.Next(fastest, slowest);
        if (_random.NextDouble() < 0.02)
        {
            elapsed *= 8;
            Emit(now, LogEntryLevel.Warning, string.Create(CultureInfo.InvariantCulture, $"Slow response from {endpoint}: {elapsed}ms"), endpoint, visit, null, elapsed);
            return;
        }

        Emit(now, LogEntryLevel.Information, message, endpoint, visit, null, elapsed);
    }

    private void Emit(DateTimeOffset now, LogEntryLevel level, string message, string endpoint, Visit? visit, string? errorCode, double? responseTime) =>
        pipeline.TryEnqueue(new LogEntry
        {
            Timestamp = now,
            Level = level,
            Message = message,
            Endpoint = endpoint,
            UserId = visit?.UserId,
            SessionId = visit?.SessionId,
            City = visit?.City,
            ErrorCode = errorCode,
            ResponseTime = responseTime,
            Service = "shop-api",
        });

    private string PickCity()
    {
        var total = Cities.Sum(c => c.Weight);
        var pick = _random.Next(total);
        foreach (var (city, weight) in Cities)
        {
            if ((pick -= weight) < 0)
            {
                return city;
            }
        }

        return Cities[0].City;
    }

    private enum Stage
    {
        Home,
        Browse,
        Cart,
        Login,
        Checkout,
        Payment,
        Leave,
    }

    private sealed class Visit
    {
        public required string UserId { get; init; }

        public required string SessionId { get; init; }

        public required string City { get; init; }

        public Stage Stage { get; set; }

        public int BrowsesLeft { get; set; }

        public DateTimeOffset NextStepAt { get; set; }

        public bool Done { get; set; }
    }
}
