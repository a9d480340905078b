using System.Globalization;

namespace TalentData.Publishing;

/// <summary>
/// How exports are published. <see cref="DisclosureThreshold"/> is k of publishing.md §5.4 (counts 1 to k-1 are
/// secret; default 3, the BA rule). <see cref="BaseUrl"/> is where `talentdata serve` (or the web server in front of
/// it) serves data/exports/; it makes the download URLs and the stable @ids of the DCAT catalogue.
/// </summary>
public sealed record PublishSettings(int DisclosureThreshold = PublishSettings.DefaultThreshold, string BaseUrl = PublishSettings.DefaultBaseUrl)
{
    public const int DefaultThreshold = Disclosure.Suppressor.DefaultThreshold;
    public const string DefaultBaseUrl = "http://127.0.0.1:5080/opendata/";

    /// <summary>Environment keys, in the TalentData__Section__Key form of the other settings.</summary>
    public const string ThresholdVariable = "TalentData__Disclosure__Threshold";
    public const string BaseUrlVariable = "TalentData__Publish__BaseUrl";

    public const string PublisherName = "Stadt Dortmund";
    public const string ContactName = "Stadt Dortmund, Dortmunder Statistik";
    public const string ContactUrl = "https://open-data.dortmund.de/";
    /// <summary>The city's AGS: DCAT spatial coverage and the root of the area hierarchy.</summary>
    public const string Ags = "05913000";

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

    /// <summary>The settings from the environment, falling back to the defaults; a malformed value fails clearly.</summary>
    public static PublishSettings FromEnvironment(Func<string, string?> variable)
    {
        var threshold = DefaultThreshold;
        if (variable(ThresholdVariable) is { Length: > 0 } text
            && !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out threshold))
            throw new PipelineException("", "config", $"{ThresholdVariable} must be a whole number, found '{text}'.");
        return new PublishSettings(threshold, variable(BaseUrlVariable) is { Length: > 0 } url ? url : DefaultBaseUrl).Checked();
    }
}
