using Dapper;
using TalentData.Fetching;
using TalentData.Publishing;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Warehouse;

/// <summary>
/// The warehouse's catalogue lookups read DuckDB's catalogue functions instead of information_schema: tables and
/// views both count, in their own schema only; and which landed files each raw table holds is read in one statement.
/// </summary>
public class CatalogLookupTests
{
    [Test]
    public void TableExistsAndRelations_SeeTablesAndViewsInTheirOwnSchemaOnly()
    {
        using var w = TalentData.Warehouse.Warehouse.InMemory();
        w.Connection.Execute("""
            create table raw.a__t (x varchar);
            create view raw.b__v as select 1 as x;
            create table marts.m (x integer);
            """);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(w.TableExists("raw", "a__t"), Is.True, "a table");
            Assert.That(w.TableExists("raw", "b__v"), Is.True, "a view");
            Assert.That(w.TableExists("marts", "a__t"), Is.False, "a table of another schema");
            Assert.That(w.TableExists("raw", "m"), Is.False, "a name of another schema");
            Assert.That(w.TableExists("raw", "missing"), Is.False);
            Assert.That(w.TableExists("ops", "runs"), Is.True, "the ledger's own tables");
            Assert.That(w.Relations(), Is.SupersetOf(new[] { "raw.a__t", "raw.b__v", "marts.m", "ops.runs" }));
            Assert.That(w.Relations(), Has.None.EqualTo("raw.m"));
        }
    }

    [Test]
    public void ReadLoaded_NamesEachSourcesSampleFilesAndSaysWhereAFileIsNoSample()
    {
        var manifest = RepoManifest.Instance;
        var provenance = SampleProvenance.Load(RepoPaths.Root);
        var tables = manifest.RawTables.DistinctBy(t => t.SourceId).Take(3).ToList();
        var (sampled, mixed, absent) = (tables[0], tables[1], tables[2]);
        var sample = provenance.Files.OrderBy(f => f.Path, StringComparer.Ordinal).First();
        var other = provenance.Files.OrderBy(f => f.Path, StringComparer.Ordinal).Last();
        using var w = TalentData.Warehouse.Warehouse.InMemory();
        w.Connection.Execute($"""
            create table {sampled.QualifiedName} (_source_file varchar);
            insert into {sampled.QualifiedName} values ('landing/x/{sample.Sha256}.csv'), ('landing/x/{sample.Sha256}.csv');
            create table {mixed.QualifiedName} (_source_file varchar);
            insert into {mixed.QualifiedName} values ('landing/y/{other.Sha256}.csv'), ('landing/y/{new string('0', 64)}.csv');
            """);

        var loaded = DataOrigin.ReadLoaded(w, tables, provenance);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(loaded[sampled.SourceId].Samples, Is.EqualTo(new[] { sample }), "the sample the rows came from, once");
            Assert.That(loaded[sampled.SourceId].PublisherData, Is.False);
            Assert.That(loaded[mixed.SourceId].Samples, Is.EqualTo(new[] { other }));
            Assert.That(loaded[mixed.SourceId].PublisherData, Is.True, "a landed file that is no bundled sample is the publisher's");
            Assert.That(loaded[absent.SourceId].Samples, Is.Empty, "a source never loaded");
            Assert.That(loaded[absent.SourceId].PublisherData, Is.False);
        }
    }
}
