using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace TalentData.Cli.Site;

/// <summary>
/// How an address of the dynamic atlas becomes a file of the static site, and how the links of a page are rewritten
/// to those files. A static server answers by path alone, so everything the dynamic server reads from the query
/// string moves into the path: the language becomes the prefix <c>en/</c>, every other parameter one folder
/// <c>key-value</c> (keys in order, so two spellings of one address share a file), and a page becomes
/// <c>index.html</c> of its folder. Files keep their names: <c>/grafik/x/karte.svg?jahr=2024</c> is
/// <c>grafik/x/jahr-2024/karte.svg</c>. The assets' version parameter is dropped (one site holds one version).
/// </summary>
public static partial class SiteAddress
{
    public const string Index = "index.html";

    /// <summary>An atlas address taken apart: its path (root-relative, as routed), its parameters and its fragment.</summary>
    public sealed record Parts(string Path, IReadOnlyList<(string Key, string Value)> Parameters, string Fragment)
    {
        public bool English => Parameters.Any(p => p.Key == "lang" && p.Value == "en");

        /// <summary>The parameters that choose what a page shows: all but the language (and an asset's version).</summary>
        public IReadOnlyList<(string Key, string Value)> Choices => Parameters
            .Where(p => p.Key != "lang" && !(p.Key == "v" && Path.StartsWith("/assets/", StringComparison.Ordinal)))
            .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal).ToList();

        /// <summary>The first segment of the path: the route ("" for the home page).</summary>
        public string Route => Path.TrimStart('/').Split('/')[0];

        /// <summary>The same page without its choices, in the same language.</summary>
        public string WithoutChoices => Path + (English ? "?lang=en" : "");

        public string Address => Path + (Parameters.Count == 0 ? "" : "?" + string.Join("&", Parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")));
    }

    /// <summary>Takes a root-relative address (already HTML-decoded) apart; empty parameters are no choice.</summary>
    public static Parts Parse(string address)
    {
        var hash = address.IndexOf('#');
        var fragment = hash < 0 ? "" : address[hash..];
        var rest = hash < 0 ? address : address[..hash];
        var question = rest.IndexOf('?');
        var path = question < 0 ? rest : rest[..question];
        var parameters = new List<(string, string)>();
        if (question >= 0)
            foreach (var pair in rest[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=');
                var key = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
                var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
                if (value.Length > 0) parameters.Add((key, value));
            }
        return new Parts(path.Length == 0 ? "/" : path, parameters, fragment);
    }

    /// <summary>The file an address is written to, relative to the site's root, with '/' between folders.</summary>
    public static string File(string address) => File(Parse(address));

    public static string File(Parts parts)
    {
        var segments = parts.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
        if (segments.Any(s => s is "." or ".." || s.Contains('\\')))
            throw new ArgumentException($"an atlas address names a folder '.' or '..' or holds a backslash, which no file of the site may: '{parts.Address}'", nameof(parts));
        var folders = new List<string>();
        if (parts.English) folders.Add("en");
        var choices = parts.Choices.Select(c => $"{Safe(c.Key)}-{Safe(c.Value)}");
        // A file (a chart, an asset, an export) keeps its name after the folders of its choices; a page is its folder's index.
        var isFile = segments.Count > 0 && segments[^1].Contains('.') && !parts.Path.EndsWith('/');
        if (isFile)
        {
            folders.AddRange(segments.Take(segments.Count - 1).Select(Safe));
            folders.AddRange(choices);
            folders.Add(Safe(segments[^1]));
        }
        else
        {
            folders.AddRange(segments.Select(Safe));
            folders.AddRange(choices);
            folders.Add(Index);
        }
        return string.Join('/', folders);
    }

    /// <summary>
    /// A name that is the same as a file name and in a URL: letters, digits, '-', '_' and '.' stay; every other byte
    /// of its UTF-8 becomes ~XX (a '%' would be decoded by the web server before it looks for the file).
    /// </summary>
    static string Safe(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            var c = (char)b;
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.')
                text.Append(c);
            else
                text.Append('~').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    /// <summary>
    /// The link from one file of the site to another: relative ("../bezirke/"), or under <paramref name="baseUrl"/>
    /// when one is configured. A page is linked by its folder, so the web server's index file answers it.
    /// </summary>
    public static string Link(string fromFile, string toFile, string? baseUrl)
    {
        var target = toFile == Index ? "" : toFile.EndsWith("/" + Index, StringComparison.Ordinal) ? toFile[..^Index.Length] : toFile;
        if (baseUrl is not null)
            return baseUrl.TrimEnd('/') + "/" + target;
        var from = fromFile.Split('/')[..^1];
        var to = target.Split('/');
        var common = 0;
        while (common < from.Length && common < to.Length - 1 && from[common] == to[common]) common++;
        var link = string.Concat(Enumerable.Repeat("../", from.Length - common)) + string.Join('/', to[common..]);
        return link.Length == 0 ? "./" : link;
    }

    [GeneratedRegex("""(?<attribute>\b(?:href|src|action)=")(?<url>[^"]*)(?<end>")""")]
    private static partial Regex Attribute();

    /// <summary>Where a page names an address: a link (href, src), a form's action, or in full with the host (the embed snippet, an embed's link to its page).</summary>
    public enum Place { Link, Form, Full }

    /// <summary>
    /// The page with every internal address rewritten: in href, src and action, and wherever the page names the crawled
    /// host in full (the embed snippet). <paramref name="resolve"/> says where an internal address (root-relative,
    /// HTML-decoded) now leads, already as the text to put there (it is HTML-encoded here); null keeps it as it is.
    /// </summary>
    public static string Rewrite(string html, string crawledOrigin, Func<string, Place, string?> resolve)
    {
        var links = Attribute().Replace(html, m =>
        {
            var url = WebUtility.HtmlDecode(m.Groups["url"].Value);
            var absolute = url.StartsWith(crawledOrigin + "/", StringComparison.Ordinal);
            var address = absolute ? url[crawledOrigin.Length..] : url;
            if (!address.StartsWith('/') || address.StartsWith("//", StringComparison.Ordinal))
                return m.Value;
            var place = absolute ? Place.Full : m.Groups["attribute"].Value.StartsWith("action", StringComparison.Ordinal) ? Place.Form : Place.Link;
            return resolve(address, place) is { } to ? m.Groups["attribute"].Value + WebUtility.HtmlEncode(to) + m.Groups["end"].Value : m.Value;
        });
        // The embed snippet is markup shown as text: an attribute value (its '&' written '&amp;') escaped once more
        // ('&amp;amp;'). Its address is decoded twice, and what replaces it encoded twice.
        var named = new Regex(Regex.Escape(crawledOrigin) + """(?<address>/[^\s"<&]*(?:&amp;amp;[^\s"<&]*)*)""");
        return named.Replace(links, m => resolve(WebUtility.HtmlDecode(WebUtility.HtmlDecode(m.Groups["address"].Value)), Place.Full) is { } to
            ? WebUtility.HtmlEncode(WebUtility.HtmlEncode(to))
            : m.Groups["address"].Value);
    }
}
