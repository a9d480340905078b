using System.Globalization;
using System.Security.Cryptography;
using SQLite;

namespace TalentData.Cli.Suggestions;

/// <summary>One stored suggestion, as the queue and the thank-you page read it.</summary>
public sealed class Suggestion
{
    public long Id { get; set; }
    /// <summary>The random key of the thank-you page's address; only the person who sent it knows it.</summary>
    public string Receipt { get; set; } = "";
    public string ReceivedAt { get; set; } = "";
    public string Missing { get; set; } = "";
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "";
    /// <summary>'|'-separated, as the directory writes it.</summary>
    public string TargetGroups { get; set; } = "";
    public string Districts { get; set; } = "";
    public string Url { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>de or en: the language the person wrote in, for a reply.</summary>
    public string Language { get; set; } = "";
    /// <summary>Null when none was given, or after the retention.</summary>
    public string? Contact { get; set; }
    public string? ContactUntil { get; set; }
    public string Status { get; set; } = SuggestionStatus.Open;
    public string? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    /// <summary>Accepted: the row for sql/reference/talent_programmes.csv as the operator confirmed it.</summary>
    public string? Row { get; set; }
}

public static class SuggestionStatus
{
    public const string Open = "open";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
}

/// <summary>
/// The suggestions, in a small SQLite file of the data folder (<see cref="TalentData.Project.DataLayout.SuggestionsPath"/>).
/// It keeps what the queue needs and nothing else: no client address (the rate limiter holds that in memory only), an
/// e-mail address only when the person gave one for a reply, and that only until its retention ends. Deleting is done at
/// every access and hourly (<see cref="SuggestionRetention"/>), with SQLite's secure_delete, so a deleted address is
/// overwritten in the file rather than left in a free page. Decided suggestions are deleted whole after the same time.
/// </summary>
public sealed class SuggestionStore
{
    const string Columns = """
        id as Id, receipt as Receipt, received_at as ReceivedAt, missing as Missing, name as Name, kind as Kind,
        target_groups as TargetGroups, districts as Districts, url as Url, description as Description, language as Language,
        contact as Contact, contact_until as ContactUntil, status as Status, decided_at as DecidedAt, decided_by as DecidedBy, row as Row
        """;

    readonly string path;
    readonly TimeProvider clock;
    readonly TimeSpan retention;
    // One writer at a time inside this process; SQLite's own lock (and the busy timeout) covers any other reader.
    readonly Lock gate = new();

    public SuggestionStore(string path, TimeProvider clock, TimeSpan contactRetention)
    {
        if (contactRetention <= TimeSpan.Zero)
            throw new TalentData.PipelineException("", "config", $"Suggestions:ContactRetentionDays must be at least 1, found {contactRetention.TotalDays}.");
        (this.path, this.clock, retention) = (path, clock, contactRetention);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var db = Open();
        db.Execute("""
            create table if not exists suggestions (
                id integer primary key autoincrement,
                receipt text not null unique,
                received_at text not null,
                missing text not null,
                name text not null,
                kind text not null,
                target_groups text not null,
                districts text not null,
                url text not null,
                description text not null,
                language text not null,
                contact text,
                contact_until text,
                status text not null default 'open',
                decided_at text,
                decided_by text,
                row text)
            """);
    }

    SQLiteConnection Open()
    {
        var db = new SQLiteConnection(new SQLiteConnectionString(path, SQLiteOpenFlags.ReadWrite | SQLiteOpenFlags.Create | SQLiteOpenFlags.FullMutex, storeDateTimeAsTicks: false));
        db.BusyTimeout = TimeSpan.FromSeconds(5);
        // Overwrite deleted content in place: a contact deleted after its retention must not stay readable in the file.
        db.ExecuteScalar<long>("pragma secure_delete = on");
        return db;
    }

    string Now => Stamp(clock.GetUtcNow());

    static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Stores a suggestion; returns its receipt (the key of the thank-you page).</summary>
    public string Add(SuggestionInput input, string language)
    {
        var receipt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var now = clock.GetUtcNow();
        lock (gate)
        {
            using var db = Open();
            Purge(db);
            db.Execute("""
                insert into suggestions (receipt, received_at, missing, name, kind, target_groups, districts, url, description, language, contact, contact_until)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                receipt, Stamp(now), input.Missing, input.Name, input.Kind, string.Join("|", input.TargetGroups), string.Join("|", input.Districts),
                input.Url, input.Description, language,
                input.Contact.Length > 0 ? input.Contact : null, input.Contact.Length > 0 ? Stamp(now + retention) : null);
        }
        return receipt;
    }

    /// <summary>The suggestion of a receipt, for the thank-you page; null for an unknown (or deleted) one.</summary>
    public Suggestion? ByReceipt(string receipt)
    {
        lock (gate)
        {
            using var db = Open();
            Purge(db);
            return db.Query<Suggestion>($"select {Columns} from suggestions where receipt = ?", receipt).FirstOrDefault();
        }
    }

    public Suggestion? ById(long id)
    {
        lock (gate)
        {
            using var db = Open();
            Purge(db);
            return db.Query<Suggestion>($"select {Columns} from suggestions where id = ?", id).FirstOrDefault();
        }
    }

    /// <summary>The open suggestions, oldest first, then the decided ones still kept, newest decision first.</summary>
    public IReadOnlyList<Suggestion> All()
    {
        lock (gate)
        {
            using var db = Open();
            Purge(db);
            return db.Query<Suggestion>($"select {Columns} from suggestions order by status <> 'open', case when status = 'open' then id else -id end");
        }
    }

    /// <summary>Marks an open suggestion accepted with the row the operator confirmed; false when it is not open (any more).</summary>
    public bool Accept(long id, string row, string by) => Decide(id, SuggestionStatus.Accepted, row, by);

    public bool Reject(long id, string by) => Decide(id, SuggestionStatus.Rejected, null, by);

    bool Decide(long id, string status, string? row, string by)
    {
        lock (gate)
        {
            using var db = Open();
            Purge(db);
            return db.Execute("update suggestions set status = ?, row = ?, decided_at = ?, decided_by = ? where id = ? and status = 'open'",
                status, row, Now, by, id) == 1;
        }
    }

    /// <summary>Deletes what has outlived its retention; returns how many contacts and suggestions went.</summary>
    public (int Contacts, int Suggestions) Purge()
    {
        lock (gate)
        {
            using var db = Open();
            return Purge(db);
        }
    }

    (int Contacts, int Suggestions) Purge(SQLiteConnection db)
    {
        var now = Now;
        var contacts = db.Execute("update suggestions set contact = null, contact_until = null where contact_until is not null and contact_until <= ?", now);
        var decided = db.Execute("delete from suggestions where status <> 'open' and decided_at <= ?", Stamp(clock.GetUtcNow() - retention));
        return (contacts, decided);
    }
}
