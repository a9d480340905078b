using System.Globalization;

namespace TalentData.Publishing;

/// <summary>
/// How exports are published. <see cref="DisclosureThreshold"/> is k of publishing.md §5.4 (counts 1 to k-1 are
/// secret; default 3, the BA rule). <see cref="BaseUrl"/> is where `talentdata serve` (or the web server in front of
/// it) serves data/exports/; it makes the download URLs and the stable @ids of the DCAT catalogue. A live run must be
/// given the public one (<see cref="BaseUrlVariable"/>); a sample run may use the local default and says so.
/// </summary>
public sealed record PublishSettings(int DisclosureThreshold = PublishSettings.DefaultThreshold, string BaseUrl = PublishSettings.DefaultBaseUrl)
{
    /// <summary>False when <see cref="BaseUrl"/> is the local default because nothing was configured.</summary>
    public bool BaseUrlConfigured { get; init; } = BaseUrl != DefaultBaseUrl;

    public const int DefaultThreshold = Disclosure.Suppressor.DefaultThreshold;
    public const string DefaultBaseUrl = "http://127.0.0.1:5080/opendata/";

    /// <summary>Environment keys, in the TalentData__Section__Key form of the other settings.</summary>
    public const string ThresholdVariable = "TalentData__Disclosure__Threshold";
    public const string BaseUrlVariable = "TalentData__Publish__BaseUrl";

    /// <summary>The base URL with exactly one trailing slash.</summary>
    public string Base => BaseUrl.TrimEnd('/') + "/";

    public PublishSettings Checked()
    {
        if (DisclosureThreshold < 1)
            throw new PipelineException("", "config", $"The disclosure threshold must be at least 1, found {DisclosureThreshold}.");
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new PipelineException("", "config", $"The publication base URL must be an absolute http(s) URL, found '{BaseUrl}'.");
        return this;
    }

    /// <summary>
    /// The settings from the environment for a run in <paramref name="mode"/>: a live run refuses without the public base
    /// URL (GovData harvests the @ids, a local address is useless there); other modes fall back to the defaults.
    /// </summary>
    public static PublishSettings FromEnvironment(Func<string, string?> variable, string mode)
    {
        var settings = FromEnvironment(variable);
        if (mode == "live" && !settings.BaseUrlConfigured)
            throw new PipelineException("", "config",
                $"Publishing in live mode needs the public base URL of the exports: set {BaseUrlVariable} (e.g. https://open-data.example.org/talentdata/opendata/). " +
                $"Without it every download URL and catalogue @id would point at the local default {DefaultBaseUrl}.");
        return settings;
    }

    /// <summary>The run-log line when the base URL is the local default, else null.</summary>
    public string? DefaultBaseUrlNotice() => BaseUrlConfigured ? null
        : $"publishing under the local default base URL {DefaultBaseUrl} ({BaseUrlVariable} is not set); fine for sample data, not for the portal";

    /// <summary>The settings from the environment, falling back to the defaults; a malformed value fails clearly.</summary>
    public static PublishSettings FromEnvironment(Func<string, string?> variable)
    {
        var threshold = DefaultThreshold;
        if (variable(ThresholdVariable) is { Length: > 0 } text
            && !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out threshold))
            throw new PipelineException("", "config", $"{ThresholdVariable} must be a whole number, found '{text}'.");
        var url = variable(BaseUrlVariable);
        return new PublishSettings(threshold, url is { Length: > 0 } ? url : DefaultBaseUrl) { BaseUrlConfigured = url is { Length: > 0 } }.Checked();
    }
}
