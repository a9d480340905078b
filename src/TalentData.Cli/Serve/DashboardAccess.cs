using TalentData.Cli.Settings;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;

namespace TalentData.Cli.Serve;

/// <summary>
/// Who may use the dashboard. A request from this machine is an operator (unless switched off); any other
/// needs HTTP Basic credentials of a configured user, whose role decides between operator (trigger, delete)
/// and viewer (read-only). "This machine" is judged after UseForwardedHeaders, so a request relayed by a
/// known reverse proxy counts as coming from the client the proxy names, not as local.
/// </summary>
public sealed class DashboardAccess(DashboardSettings settings) : IDashboardAuthorizationFilter
{
    public const string OperatorRole = "operator";
    public const string ViewerRole = "viewer";
    const string Realm = "Basic realm=\"TalentData dashboard\", charset=\"UTF-8\"";

    /// <summary>Middleware: turns valid Basic credentials into the request's user; wrong credentials get 401 at once.</summary>
    public async Task Authenticate(HttpContext context, RequestDelegate next)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            if (Check(header["Basic ".Length..].Trim()) is not { } user)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = Realm;
                return;
            }
            context.User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role)], "Basic"));
        }
        await next(context);
    }

    (string Name, string Role)? Check(string encoded)
    {
        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded)); }
        catch (FormatException) { return null; }
        var colon = decoded.IndexOf(':');
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

    static bool IsLocal(HttpContext http)
    {
        var remote = http.Connection.RemoteIpAddress;
        if (remote is null) return false;
        return IPAddress.IsLoopback(remote) || remote.Equals(http.Connection.LocalIpAddress);
    }
}
