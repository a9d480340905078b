using TalentData.Loading;
using TalentData.Project;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Project;

public class PipelineCatalogTests
{
    const string Valid = """
        id: dortmund_example
        title: Beispiel
        publisher: Stadt Dortmund
        licence: dl-de/zero-2.0
        homepage: https://open-data.dortmund.de/
        schedule: "0 4 * * 1"
        expected_update_days: 400
        entities:
          - entity: rows
            reader: opendatasoft_csv
            sample: sample-data/dortmund_example/rows.csv
            url: https://open-data.dortmund.de/api/explore/v2.1/catalog/datasets/x/exports/csv
            encoding: utf-8
            separator: ";"
            columns: [jahr, anzahl]
            integer_columns: [anzahl]
        """;

    [Test]
    public void Parse_ValidDefinition_ReadsEveryKey()
    {
        var p = PipelineCatalog.Parse(Valid, "<test>", ReaderFormats.All);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(p.Id, Is.EqualTo("dortmund_example"));
            Assert.That(p.Schedule, Is.EqualTo("0 4 * * 1"));
            Assert.That(p.ExpectedUpdateDays, Is.EqualTo(400));
            Assert.That(p.Entities[0].OptionsAs<OpendatasoftCsvOptions>().Columns, Is.EqualTo(new[] { "jahr", "anzahl" }));
            Assert.That(p.Entities[0].OptionsAs<OpendatasoftCsvOptions>().IntegerColumns, Is.EqualTo(new[] { "anzahl" }));
        }
    }

    [Test]
    public void Parse_PostFormAndCredentials_AreReadAndANameOrFieldThatCannotWorkIsRefused()
    {
        var post = Valid.Replace("    encoding: utf-8", "    post_form: { name: 12411-01-01-4, area: all }\n    credentials: genesis\n    encoding: utf-8");
        var p = PipelineCatalog.Parse(post, "<test>", ReaderFormats.All);
        Assert.That((p.Entities[0].PostForm!["name"], p.Entities[0].PostForm!["area"], p.Entities[0].Credentials), Is.EqualTo(("12411-01-01-4", "all", "genesis")));

        var badName = Assert.Throws<PipelineException>(() => PipelineCatalog.Parse(post.Replace("credentials: genesis", "credentials: Genesis-Token"), "pipelines/dortmund_example.yaml", ReaderFormats.All));
        var emptyField = Assert.Throws<PipelineException>(() => PipelineCatalog.Parse(post.Replace("area: all", "area: ''"), "pipelines/dortmund_example.yaml", ReaderFormats.All));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(badName!.Message, Does.Contain("pipelines/dortmund_example.yaml, line 9: entity 'rows'").And.Contain("credentials must be a snake_case name").And.Contain("found 'Genesis-Token'"));
            Assert.That(emptyField!.Message, Does.Contain("post_form must name at least one field, each with a value").And.Contain("found an empty one"));
        }
    }

    [Test]
    public void Parse_TypoInTopLevelKey_FailsWithFileLineAndKey()
    {
        var yaml = Valid.Replace("licence:", "license:");
        var ex = Assert.Throws<PipelineException>(() => PipelineCatalog.Parse(yaml, "pipelines/dortmund_example.yaml", ReaderFormats.All));
        Assert.That(ex!.Message, Does.Contain("pipelines/dortmund_example.yaml, line 4").And.Contain("unknown key 'license'"));
    }

    [Test]
    public void Parse_TypoInEntityKey_FailsWithLineOfTheKey()
    {
        var yaml = Valid.Replace("    encoding: utf-8", "    encodng: utf-8");
        var ex = Assert.Throws<PipelineException>(() => PipelineCatalog.Parse(yaml, "pipelines/dortmund_example.yaml", ReaderFormats.All));
        Assert.That(ex!.Message, Does.Contain("line 13").And.Contain("unknown key 'encodng'"));
    }

    [Test]
    public void Parse_MissingRequiredKey_NamesTheKey()
    {
        var yaml = Valid.Replace("expected_update_days: 400\n", "");
        var ex = Assert.Throws<PipelineException>(() => PipelineCatalog.Parse(yaml, "pipelines/dortmund_example.yaml", ReaderFormats.All));
        Assert.That(ex!.Message, Does.Contain("pipelines/dortmund_example.yaml").And.Contain("expected_update_days"));
    }

    [Test]
    public void Parse_DuplicateKey_Fails()
    {
        var yaml = Valid.Replace("title: Beispiel\n", "title: Beispiel\ntitle: Noch einmal\n");
        var ex = Assert.Throws<PipelineException>(() => PipelineCatalog.Parse(yaml, "pipelines/dortmund_example.yaml", ReaderFormats.All));
        Assert.That(ex!.Message, Does.Contain("dortmund_example.yaml, line 3").And.Contain("duplicate key"));
    }

    [Test]
    public void Parse_UnknownReader_ListsKnownReaders()
    {
        var yaml = Valid.Replace("reader: opendatasoft_csv", "reader: excel");
        var ex = Assert.Throws<PipelineException>(() => PipelineCatalog.Parse(yaml, "pipelines/dortmund_example.yaml", ReaderFormats.All));
        Assert.That(ex!.Message, Does.Contain("unknown reader 'excel'").And.Contain("genesis_table_csv"));
    }

    [Test]
    public void Parse_IntegerColumnNotDeclared_Fails()
    {
        var yaml = Valid.Replace("integer_columns: [anzahl]", "integer_columns: [betrag]");
        var ex = Assert.Throws<PipelineException>(() => PipelineCatalog.Parse(yaml, "pipelines/dortmund_example.yaml", ReaderFormats.All));
        Assert.That(ex!.Message, Does.Contain("betrag"));
    }

    [Test]
    public void Parse_UnquotedCronStartingWithStar_FailsClearly()
    {
        var yaml = Valid.Replace("schedule: \"0 4 * * 1\"", "schedule: * 4 * * 1");
        var ex = Assert.Throws<PipelineException>(() => PipelineCatalog.Parse(yaml, "pipelines/dortmund_example.yaml", ReaderFormats.All));
        Assert.That(ex!.Message, Does.Contain("dortmund_example.yaml, line 6"));
    }

    [Test]
    public void Parse_UnknownReader_NamesTheLineOfTheReader()
    {
        var yaml = Valid.Replace("reader: opendatasoft_csv", "reader: excel");
        var ex = Assert.Throws<PipelineException>(() => PipelineCatalog.Parse(yaml, "pipelines/dortmund_example.yaml", ReaderFormats.All));
        Assert.That(ex!.Message, Does.StartWith("pipelines/dortmund_example.yaml, line 10, column 13: unknown reader 'excel'. Known readers: opendatasoft_csv, genesis_table_csv, genesis_flat_csv, ba_csv."));
    }

    [Test]
    public void Parse_KeyOfAnotherReader_NamesTheReaderItBelongsTo()
    {
        var yaml = Valid.Replace("    integer_columns: [anzahl]", "    table_code: 12411-01-01-4");
        var ex = Assert.Throws<PipelineException>(() => PipelineCatalog.Parse(yaml, "pipelines/dortmund_example.yaml", ReaderFormats.All));
        Assert.That(ex!.Message, Does.StartWith("pipelines/dortmund_example.yaml, line 16, column 5: key 'table_code' is not a key of reader opendatasoft_csv; it belongs to genesis_table_csv, genesis_flat_csv."));
    }

    [Test]
    public void Parse_UnknownEntityKey_ListsTheKeysOfItsReader()
    {
        var yaml = Valid.Replace("    integer_columns: [anzahl]", "    integer_colums: [anzahl]");
        var ex = Assert.Throws<PipelineException>(() => PipelineCatalog.Parse(yaml, "pipelines/dortmund_example.yaml", ReaderFormats.All));
        Assert.That(ex!.Message, Does.Contain("line 16, column 5: unknown key 'integer_colums'. An entity of reader opendatasoft_csv has the keys " +
            "entity, reader, sample, url, encoding, post_form, credentials, max_download_mb, period_column, first_period, columns, integer_columns, decimal_columns, separator."));
    }

    [Test]
    public void Parse_MissingKeyOfTheReader_NamesTheKeyAndTheEntity()
    {
        var yaml = Valid.Replace("    columns: [jahr, anzahl]\n", "");
        var ex = Assert.Throws<PipelineException>(() => PipelineCatalog.Parse(yaml, "pipelines/dortmund_example.yaml", ReaderFormats.All));
        Assert.That(ex!.Message, Does.StartWith("pipelines/dortmund_example.yaml, line 9, column 5: missing required key 'columns' (reader opendatasoft_csv needs it)."));
    }

    [Test]
    public void Parse_MissingCommonKey_NamesTheKeyAndTheEntity()
    {
        var yaml = Valid.Replace("    encoding: utf-8\n", "");
        var ex = Assert.Throws<PipelineException>(() => PipelineCatalog.Parse(yaml, "pipelines/dortmund_example.yaml", ReaderFormats.All));
        Assert.That(ex!.Message, Does.StartWith("pipelines/dortmund_example.yaml, line 9, column 5: missing required key 'encoding' (every entity needs it)."));
    }

    [Test]
    public void Parse_KeyOfTheReaderTwice_Fails()
    {
        var yaml = Valid.Replace("    integer_columns: [anzahl]", "    integer_columns: [anzahl]\n    integer_columns: [jahr]");
        var ex = Assert.Throws<PipelineException>(() => PipelineCatalog.Parse(yaml, "pipelines/dortmund_example.yaml", ReaderFormats.All));
        Assert.That(ex!.Message, Does.Contain("line 17").And.Contain("duplicate key"));
    }

    [Test]
    public void Parse_WrongValueInAReaderKey_NamesItsLine()
    {
        var yaml = Valid.Replace("columns: [jahr, anzahl]", "columns: {jahr: 1}");
        var ex = Assert.Throws<PipelineException>(() => PipelineCatalog.Parse(yaml, "pipelines/dortmund_example.yaml", ReaderFormats.All));
        Assert.That(ex!.Message, Does.StartWith("pipelines/dortmund_example.yaml, line 15"));
    }

    [TestCase("separator: \";\"", "separator: \";;\"", "separator must be one character, found ';;'")]
    [TestCase("columns: [jahr, anzahl]", "columns: []", "'columns' is empty")]
    [TestCase("    integer_columns: [anzahl]", "    integer_columns: [anzahl]\n    period_column: stichtag", "period_column 'stichtag' is not a raw column of reader opendatasoft_csv; expected one of jahr, anzahl.")]
    [TestCase("encoding: utf-8", "encoding: utf-9", "unknown encoding 'utf-9'")]
    public void Parse_BadEntityValue_NamesFileLineEntityAndProblem(string pattern, string replacement, string expected)
    {
        var yaml = Valid.Replace(pattern, replacement);
        Assert.That(yaml, Is.Not.EqualTo(Valid));
        var ex = Assert.Throws<PipelineException>(() => PipelineCatalog.Parse(yaml, "pipelines/dortmund_example.yaml", ReaderFormats.All));
        Assert.That(ex!.Message, Does.StartWith("pipelines/dortmund_example.yaml, line 9: entity 'rows'").And.Contain(expected));
    }

    [Test]
    public void Parse_ReaderOptions_AreTheReadersOwnClass()
    {
        var entity = PipelineCatalog.Parse(Valid, "<test>", ReaderFormats.All).Entities.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entity.Format, Is.InstanceOf<OpendatasoftCsvReader>());
            Assert.That(entity.Options, Is.InstanceOf<OpendatasoftCsvOptions>());
            Assert.That(entity.OptionsAs<OpendatasoftCsvOptions>().Separator, Is.EqualTo(";"));
            Assert.That(entity.Line, Is.EqualTo(9));
            Assert.That(() => entity.OptionsAs<GenesisTableOptions>(), Throws.InvalidOperationException.With.Message.Contains("OpendatasoftCsvOptions"));
        }
    }

    // Project is the bottom layer: it declares ReaderFormat and is handed the formats, it never names Loading.
    [Test]
    public void ProjectSources_DoNotUseLoading()
    {
        var project = Path.Combine(RepoPaths.Root, "src", "TalentData", "Project");
        var offenders = Directory.GetFiles(project, "*.cs")
            .Where(f => System.Text.RegularExpressions.Regex.IsMatch(File.ReadAllText(f), @"\bLoading\.|using TalentData\.Loading"))
            .Select(Path.GetFileName).ToList();
        Assert.That(offenders, Is.Empty);
    }

    [Test]
    public void Load_RepositoryPipelines_AllParseAndMatchTheirFileNames()
    {
        var catalog = PipelineCatalog.Load(RepoPaths.Pipelines, ReaderFormats.All);
        Assert.That(catalog.All, Is.Not.Empty);
        foreach (var p in catalog.All)
        {
            Assert.That(Path.GetFileNameWithoutExtension(p.File), Is.EqualTo(p.Id));
            foreach (var e in p.Entities)
                Assert.That(File.Exists(Path.Combine(RepoPaths.Root, e.Sample)), Is.True, $"{p.Id}: sample {e.Sample} is missing");
        }
    }
}
