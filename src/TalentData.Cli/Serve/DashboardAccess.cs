using TalentData.Cli.Settings;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TalentData.Cli.Serve;

/// <summary>
/// Who may use the dashboard. A request from this machine is an operator (unless switched off); any other
/// needs HTTP Basic credentials of a configured user, whose role decides between operator (trigger, delete)
/// and viewer (read-only). "This machine" is judged after UseForwardedHeaders, so a request relayed by a
/// known reverse proxy counts as coming from the client the proxy names, not as local. It fails closed: a request
/// that came through a proxy is never local, even when the proxy named no client, an empty one or one that is no
/// address. Wrong credentials are logged with the client's address (never the password) and, after
/// <see cref="LoginThrottle.FreeFailures"/> of them, answered 429 for a growing delay.
/// </summary>
public sealed class DashboardAccess(DashboardSettings settings, ILogger<DashboardAccess> log, TimeProvider clock) : IDashboardAuthorizationFilter
{
    readonly LoginThrottle throttle = new(clock);

    public const string OperatorRole = "operator";
    public const string ViewerRole = "viewer";
    const string Realm = "Basic realm=\"TalentData dashboard\", charset=\"UTF-8\"";

    /// <summary>Middleware: turns valid Basic credentials into the request's user; wrong credentials get 401 at once.</summary>
    public async Task Authenticate(HttpContext context, RequestDelegate next)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (throttle.Blocked(client) is { } wait)
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return;
            }
            if (Check(header["Basic ".Length..].Trim(), out var name) is not { } user)
            {
                var failures = throttle.Failed(client);
                // A name that is no user may be a password typed into the wrong field: it is not written to the log.
                log.LogWarning("Dashboard: wrong credentials from {Client} for {User} ({Failures} failures in {Window} min){Blocked}",
                    client, name is not null && settings.Users.ContainsKey(name) ? $"user '{name}'" : "an unknown user name",
                    failures, LoginThrottle.Window.TotalMinutes,
                    throttle.Blocked(client) is { } delay ? $"; further attempts answered 429 for {delay.TotalSeconds:0} s" : "");
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = Realm;
                return;
            }
            throttle.Succeeded(client);
            context.User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role)], "Basic"));
        }
        await next(context);
    }

    (string Name, string Role)? Check(string encoded, out string? name)
    {
        name = null;
        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded)); }
        catch (FormatException) { return null; }
        var colon = decoded.IndexOf(':');
        if (colon > 0) name = decoded[..colon];
        if (colon <= 0 || !settings.Users.TryGetValue(decoded[..colon], out var user) || user.Password.Length == 0) return null;
        // Equal-length digests, compared in constant time: the answer time says nothing about the password.
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(decoded[(colon + 1)..]));
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(user.Password));
        return CryptographicOperations.FixedTimeEquals(given, expected) ? (decoded[..colon], user.Role) : null;
    }

    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (IsLocal(http) || http.User.Identity?.IsAuthenticated == true)
            return true;
        // Hangfire answers 401; the header makes a browser ask for the credentials.
        http.Response.Headers.WWWAuthenticate = Realm;
        return false;
    }

    public bool IsReadOnly(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (http.User.Identity?.IsAuthenticated == true)
            return !http.User.IsInRole(OperatorRole);
        return !(settings.LocalRequestsAreOperators && IsLocal(http));
    }

    /// <summary>
    /// From this machine and not through a proxy. UseForwardedHeaders replaces the address only when the proxy's
    /// X-Forwarded-For holds a readable one (and then keeps the original in X-Original-For); any forwarding header
    /// left, or that trace, means the request was relayed, and a relayed request is the remote client's.
    /// </summary>
    static bool IsLocal(HttpContext http)
    {
        var headers = http.Request.Headers;
        if (headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("X-Original-For") || headers.ContainsKey("Forwarded")
            || headers.ContainsKey("X-Forwarded-Proto") || headers.ContainsKey("X-Original-Proto") || headers.ContainsKey("X-Forwarded-Host"))
            return false;
        var remote = http.Connection.RemoteIpAddress;
        if (remote is null) return false;
        return IPAddress.IsLoopback(remote) || remote.Equals(http.Connection.LocalIpAddress);
    }
}

/// <summary>
/// Failed logins per client address: the first <see cref="FreeFailures"/> within <see cref="Window"/> cost nothing,
/// every further one blocks the client for twice as long as the one before (from <see cref="FirstDelay"/> up to
/// <see cref="MaxDelay"/>), so guessing a password takes years instead of minutes. A login that succeeds clears the client.
/// </summary>
public sealed class LoginThrottle(TimeProvider clock)
{
    public const int FreeFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);
    const int MaxClients = 10_000;

    readonly Lock gate = new();
    readonly Dictionary<string, (int Failures, DateTimeOffset Last, DateTimeOffset Until)> clients = new(StringComparer.Ordinal);

    /// <summary>How long <paramref name="client"/> must still wait, or null.</summary>
    public TimeSpan? Blocked(string client)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            return clients.TryGetValue(client, out var c) && c.Until > now ? c.Until - now : null;
        }
    }

    /// <summary>Counts a failure; returns the client's failures within the window.</summary>
    public int Failed(string client)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (clients.Count >= MaxClients)
                foreach (var stale in clients.Where(e => now - e.Value.Last > Window && e.Value.Until <= now).Select(e => e.Key).ToList())
                    clients.Remove(stale);
            var failures = clients.TryGetValue(client, out var c) && now - c.Last <= Window ? c.Failures + 1 : 1;
            var until = now;
            if (failures >= FreeFailures)
            {
                var doublings = Math.Min(failures - FreeFailures, 16);
                var delay = TimeSpan.FromTicks(Math.Min(FirstDelay.Ticks << doublings, MaxDelay.Ticks));
                until = now + delay;
            }
            clients[client] = (failures, now, until);
            return failures;
        }
    }

    public void Succeeded(string client)
    {
        lock (gate) clients.Remove(client);
    }
}
