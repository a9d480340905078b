using System.Text;
using Microsoft.AspNetCore.Http;

namespace TalentData.Cli.Suggestions;

/// <summary>What is missing, as the form asks it: a programme, a partner or a place.</summary>
public static class Missing
{
    public const string Programme = "programme";
    public const string Partner = "partner";
    public const string Place = "place";
    public static readonly string[] All = [Programme, Partner, Place];
}

/// <summary>
/// The fields of the "Fehlt ein Angebot?" form as a person filled them in, cleaned to plain text. Nothing here is
/// markup: pages and the queue encode every value when they show it.
/// </summary>
public sealed record SuggestionInput
{
    public string Missing { get; init; } = "";
    public string Name { get; init; } = "";
    /// <summary>A kind of the directory's schema, or empty for "I do not know".</summary>
    public string Kind { get; init; } = "";
    public IReadOnlyList<string> TargetGroups { get; init; } = [];
    /// <summary>Stadtbezirk codes, or only <see cref="ProgrammeDirectory.CityWide"/>.</summary>
    public IReadOnlyList<string> Districts { get; init; } = [];
    public string Url { get; init; } = "";
    public string Description { get; init; } = "";
    /// <summary>An e-mail address for a reply, only when the person gave one.</summary>
    public string Contact { get; init; } = "";
}

/// <summary>
/// Reads and checks the form. Each field has a length limit; a value that breaks one, or a choice the form does not
/// offer, is a problem named by a text key of the atlas (Atlas/Resources), so the page says what was wrong in the
/// reader's language.
/// </summary>
public static class SuggestionForm
{
    public const int MaxName = 150;
    public const int MaxUrl = 500;
    public const int MaxDescription = 2000;
    /// <summary>The longest address RFC 5321 allows in a mail path.</summary>
    public const int MaxContact = 254;

    /// <summary>The honeypot: a field people never see (atlas.css hides it); a program that fills every field fills it.</summary>
    public const string Honeypot = "website";

    public static bool IsSpam(IFormCollection form) => form[Honeypot].ToString().Length > 0;

    public static (SuggestionInput Input, IReadOnlyList<string> Problems) Read(IFormCollection form, ProgrammeDirectory directory)
    {
        var problems = new List<string>();
        var input = new SuggestionInput
        {
            Missing = Line(form["fehlt"]),
            Name = Line(form["name"]),
            Kind = Line(form["art"]),
            TargetGroups = [.. form["zielgruppe"].Select(v => Line(v)).Where(v => v.Length > 0).Distinct()],
            Districts = [.. form["bezirk"].Select(v => Line(v)).Where(v => v.Length > 0).Distinct()],
            Url = Line(form["url"]),
            Description = Text(form["beschreibung"]),
            Contact = Line(form["kontakt"]),
        };
        if (!Missing.All.Contains(input.Missing)) problems.Add("SuggestProblemMissing");
        if (input.Name.Length == 0) problems.Add("SuggestProblemNameEmpty");
        else if (input.Name.Length > MaxName) problems.Add("SuggestProblemNameLong");
        if (input.Kind.Length > 0 && !directory.Kinds.Contains(input.Kind)) problems.Add("SuggestProblemKind");
        if (input.TargetGroups.Count == 0) problems.Add("SuggestProblemTargetGroupEmpty");
        else if (input.TargetGroups.Any(g => !directory.TargetGroups.Contains(g))) problems.Add("SuggestProblemTargetGroup");
        if (input.Districts.Count == 0) problems.Add("SuggestProblemDistrictEmpty");
        else if (input.Districts.Any(d => d != ProgrammeDirectory.CityWide && !directory.Districts.Contains(d))) problems.Add("SuggestProblemDistrict");
        else if (input.Districts.Count > 1 && input.Districts.Contains(ProgrammeDirectory.CityWide)) problems.Add("SuggestProblemCityWideAlone");
        if (input.Url.Length > MaxUrl) problems.Add("SuggestProblemUrlLong");
        else if (input.Url.Length > 0 && !IsWebAddress(input.Url)) problems.Add("SuggestProblemUrl");
        if (input.Description.Length > MaxDescription) problems.Add("SuggestProblemDescriptionLong");
        if (input.Contact.Length > MaxContact) problems.Add("SuggestProblemContactLong");
        else if (input.Contact.Length > 0 && !IsMailAddress(input.Contact)) problems.Add("SuggestProblemContact");
        return (input, problems);
    }

    /// <summary>The same rule as the directory's schema for contact_url: absolute http(s), a host with a dot, no spaces.</summary>
    public static bool IsWebAddress(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.Host.Contains('.') && !value.Any(char.IsWhiteSpace);

    static bool IsMailAddress(string value) =>
        System.Net.Mail.MailAddress.TryCreate(value, out var address) && address.Address == value && address.DisplayName.Length == 0
        && !value.Any(char.IsWhiteSpace) && address.Host.Contains('.');

    /// <summary>One line of text: control characters (line breaks included) become spaces, runs of spaces one, ends trimmed.</summary>
    public static string Line(string? value)
    {
        var text = new StringBuilder((value ?? "").Length);
        foreach (var c in (value ?? "").Normalize(NormalizationForm.FormC))
        {
            var plain = char.IsControl(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.LineSeparator
                or System.Globalization.UnicodeCategory.ParagraphSeparator ? ' ' : c;
            if (plain == ' ' && (text.Length == 0 || text[^1] == ' ')) continue;
            text.Append(plain);
        }
        return text.ToString().Trim();
    }

    /// <summary>Free text: line breaks kept (as \n), other control and format characters dropped, ends trimmed.</summary>
    static string Text(string? value)
    {
        var text = new StringBuilder((value ?? "").Length);
        foreach (var c in (value ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Normalize(NormalizationForm.FormC))
            if (c == '\n' || !(char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format))
                text.Append(c);
        return text.ToString().Trim();
    }
}
