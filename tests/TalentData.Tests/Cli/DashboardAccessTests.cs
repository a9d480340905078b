using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TalentData.Cli.Serve;
using TalentData.Tests.Publishing;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Cli;

/// <summary>
/// The dashboard fails closed, on real Kestrel at 127.0.0.1, whose loopback address is a known proxy by default: a
/// relayed request the proxy did not name a readable client for is remote, and wrong passwords are logged and
/// throttled per client.
/// </summary>
[NonParallelizable] // Hangfire's process-wide log provider, as in the other serve fixtures
public class DashboardAccessTests
{
    const string Password = "operator secret";

    TempDir data = null!;
    WebApplication app = null!;
    Uri baseUrl = null!;
    readonly LogLines log = new();

    [OneTimeSetUp]
    public async Task Start()
    {
        data = new TempDir();
        app = ServeApp.Build([
            "--urls=http://127.0.0.1:0", $"--RepoRoot={RepoPaths.Root}", $"--DataDir={data.Path}", "--Mode=sample",
            "--Hangfire:Storage=InMemory", "--Logging:LogLevel:Default=Warning",
            "--Dashboard:Users:otto:Password=" + Password, "--Dashboard:Users:otto:Role=operator",
        ]);
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(log);
        await app.StartAsync();
        baseUrl = new Uri(app.Urls.First());
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (app is not null)
        {
            using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
                await app.StopAsync(stop.Token);
            await app.DisposeAsync();
            Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        }
        data?.Dispose();
    }

    async Task<HttpResponseMessage> Get(string path, IReadOnlyDictionary<string, string>? headers = null, string? password = null)
    {
        using var client = new HttpClient { BaseAddress = baseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            request.Headers.TryAddWithoutValidation(name, value);
        if (password is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"otto:{password}")));
        return await client.SendAsync(request);
    }

    [TestCase("X-Forwarded-For", "")]
    [TestCase("X-Forwarded-For", "unknown")]
    [TestCase("X-Forwarded-For", "not an address, either")]
    [TestCase("X-Forwarded-For", "127.0.0.1")] // a client the proxy names as on its own machine is still relayed
    [TestCase("X-Forwarded-Proto", "https")]   // relayed, with no client named at all
    [TestCase("Forwarded", "for=unknown")]
    public async Task RelayedByAKnownProxy_WithoutAReadableClient_IsRemote(string header, string value)
    {
        using var relayed = await Get("/hangfire/recurring", new Dictionary<string, string> { [header] = value });
        Assert.That(relayed.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"{header}: '{value}'");
        using var direct = await Get("/hangfire/recurring");
        Assert.That(direct.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the same request straight from this machine is local");
    }

    [Test]
    public async Task WrongPasswords_AreLoggedWithTheClientAndThrottledForThatClientOnly()
    {
        var attacker = new Dictionary<string, string> { ["X-Forwarded-For"] = "198.51.100.23" };
        var colleague = new Dictionary<string, string> { ["X-Forwarded-For"] = "198.51.100.99" };
        for (var i = 1; i <= TalentData.Cli.Serve.LoginThrottle.FreeFailures; i++)
        {
            using var wrong = await Get("/hangfire/recurring", attacker, $"guess number {i}");
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"attempt {i}");
        }

        using var blocked = await Get("/hangfire/recurring", attacker, Password);
        using var other = await Get("/hangfire/recurring", colleague, Password);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(blocked.StatusCode, Is.EqualTo((HttpStatusCode)429), "even the right password waits");
            Assert.That(blocked.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TalentData.Cli.Serve.LoginThrottle.FirstDelay));
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.OK), "another client is not held back");
            var lines = log.Lines.Where(l => l.Contains("wrong credentials", StringComparison.Ordinal)).ToList();
            Assert.That(lines.Count(l => l.Contains("198.51.100.23") && l.Contains("user 'otto'")), Is.EqualTo(TalentData.Cli.Serve.LoginThrottle.FreeFailures), string.Join("\n", lines));
            Assert.That(lines, Has.None.Contains("guess number"), "no password in the log");
        }
    }

    [Test]
    public async Task AnUnknownUserName_IsNotWrittenToTheLog()
    {
        using var client = new HttpClient { BaseAddress = baseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire/recurring");
        request.Headers.Add("X-Forwarded-For", "198.51.100.50");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("hunter2-typed-in-the-name-field:x")));
        using var response = await client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(log.Lines.Single(l => l.Contains("198.51.100.50")), Does.Contain("an unknown user name").And.Not.Contain("hunter2"));
    }

    [Test]
    public void Throttle_EachFailureBeyondTheFreeOnesDoublesTheWait_AndASuccessClearsIt()
    {
        var clock = new FixedClock();
        var throttle = new LoginThrottle(clock);
        for (var i = 0; i < LoginThrottle.FreeFailures - 1; i++) throttle.Failed("a");
        Assert.That(throttle.Blocked("a"), Is.Null, "fewer failures than the free ones");

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            throttle.Failed("a");
            waits.Add(throttle.Blocked("a")!.Value);
            clock.Now += waits[^1];
            Assert.That(throttle.Blocked("a"), Is.Null, "free again once the wait is over");
        }
        Assert.That(waits, Is.EqualTo(new[] { 10, 20, 40, 80 }.Select(s => TimeSpan.FromSeconds(s))));

        for (var i = 0; i < 30; i++) throttle.Failed("a");
        Assert.That(throttle.Blocked("a"), Is.EqualTo(LoginThrottle.MaxDelay), "the wait is capped");
        throttle.Succeeded("a");
        Assert.That(throttle.Blocked("a"), Is.Null);

        for (var i = 0; i < LoginThrottle.FreeFailures - 1; i++) throttle.Failed("b");
        clock.Now += LoginThrottle.Window + TimeSpan.FromSeconds(1);
        throttle.Failed("b");
        Assert.That(throttle.Blocked("b"), Is.Null, "failures older than the window are forgotten");
    }

    /// <summary>The host's log lines, as an operator's log shipper would receive them.</summary>
    sealed class LogLines : ILoggerProvider
    {
        readonly ConcurrentQueue<string> lines = new();
        public IReadOnlyList<string> Lines => [.. lines];
        public ILogger CreateLogger(string categoryName) => new Logger(lines);
        public void Dispose() { }

        sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) lines.Enqueue(formatter(state, exception));
            }
        }
    }
}
