namespace TalentData.Fetching;

/// <summary>How a download is asked for beyond its URL: form fields sent by POST, and credentials sent as headers.</summary>
public sealed record FetchRequest(IReadOnlyDictionary<string, string>? Form, FetchCredentials? Credentials)
{
    public string Method => Form is null ? "GET" : "POST";
}

/// <summary>
/// A user name and password (the GENESIS web service's API token and an empty password) from the environment of the
/// process that fetches. <see cref="ToString"/> names only the credentials, so no message, log, landing manifest or
/// ledger entry can carry the values.
/// </summary>
public sealed class FetchCredentials
{
    FetchCredentials(string name, string username, string password) => (Name, Username, Password) = (name, username, password);

    public string Name { get; }
    internal string Username { get; }
    internal string Password { get; }

    public static string UsernameVariable(string name) => $"TalentData__Credentials__{name}__Username";
    public static string PasswordVariable(string name) => $"TalentData__Credentials__{name}__Password";

    /// <summary>The credentials <paramref name="name"/> from the environment; fails naming the variables (never values) when unset.</summary>
    public static FetchCredentials FromEnvironment(string sourceId, string name, Func<string, string?> environment)
    {
        var username = environment(UsernameVariable(name));
        if (string.IsNullOrEmpty(username))
            throw new PipelineException(sourceId, "fetch",
                $"pipelines/{sourceId}.yaml fetches with the credentials '{name}', but {UsernameVariable(name)} is not set. " +
                $"Set it (and {PasswordVariable(name)}, empty for a GENESIS API token) in the environment of the process that runs live loads; " +
                "the values are sent as request headers only and written nowhere. Nothing was landed and the last good publication stays.");
        return new FetchCredentials(name, username, environment(PasswordVariable(name)) ?? "");
    }

    public override string ToString() => $"credentials '{Name}'";
}
