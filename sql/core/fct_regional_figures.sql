-- grain: one row per year, region (every Kreis and kreisfreie Stadt of ref.kreise, the state, Germany), table and
-- figure: the official figures of four Regionalstatistik tables in one shape (the population, which no share reads,
-- is core.fct_regional_population, so that the city's indicators do not depend on it), as published. Kreise the tables list
-- but ref.kreise does not (dissolved before today's territorial status, every cell '-'), Regierungsbezirke, other
-- Länder and municipalities (eight-digit keys) are left out.
with

general_leavers as (
    select * from inputs.regional_school_leavers
),

vocational_leavers as (
    select * from inputs.regional_vocational_leavers
),

schools as (
    select * from inputs.regional_schools
),

unemployment as (
    select * from inputs.regional_unemployment
),

regions as (
    select * from ref.regions
),

kreise as (
    select * from ref.kreise
),

sample_files as (
    select * from ref.sample_files
),

figures as (
    ---------- 21111-02-06-4: leavers of allgemeinbildende Schulen, both sexes and women (_female)
    select year, region_code, region_name, '21111-02-06-4' as table_code,
           'general_leavers_' || qualification || case sex when 'female' then '_female' else '' end as figure,
           value, status, source_id, run_id, source_file, source_period, line_number
    from general_leavers
    where measure = 'leavers' and (sex = 'total' or (sex = 'female' and qualification in ('total', 'without_hauptschulabschluss', 'allgemeine_hochschulreife')))
      and qualification in ('total', 'without_hauptschulabschluss', 'fachhochschulreife', 'allgemeine_hochschulreife')

    ---------- 21121-02-02-4: leavers of berufliche Schulen, both sexes
    union all
    select year, region_code, region_name, '21121-02-02-4', 'vocational_leavers_' || qualification,
           value, status, source_id, run_id, source_file, source_period, line_number
    from vocational_leavers
    where measure = 'leavers' and sex = 'total'
      and qualification in ('total', 'fachhochschulreife', 'allgemeine_hochschulreife')

    ---------- 21111-01-03-4: schools and pupils by Schulart (school year by the year it ends)
    union all
    select year, region_code, region_name, '21111-01-03-4',
           measure || '_' || case school_type_name
               when 'Insgesamt' then 'total'
               when 'Grundschulen' then 'grundschule'
               when 'Hauptschulen' then 'hauptschule'
               when 'Realschulen' then 'realschule'
               when 'Gymnasien' then 'gymnasium'
               when 'Integrierte Gesamtschulen' then 'gesamtschule'
               when 'Schularten mit mehreren Bildungsgängen' then 'mehrere_bildungsgaenge'
               when 'Sonderschulen/Förderschulen' then 'foerderschule'
           end,
           value, status, source_id, run_id, source_file, source_period, line_number
    from schools
    where (measure = 'schools' or (measure = 'pupils' and pupil_group = 'total'))
      and school_type_name in ('Insgesamt', 'Grundschulen', 'Hauptschulen', 'Realschulen', 'Gymnasien',
                               'Integrierte Gesamtschulen', 'Schularten mit mehreren Bildungsgängen', 'Sonderschulen/Förderschulen')

    ---------- 13211-02-05-4: unemployed (annual average) and the rates relative to all civilian labour force
    union all
    select year, region_code, region_name, '13211-02-05-4', 'unemployed_' || "group",
           value, status, source_id, run_id, source_file, source_period, line_number
    from unemployment
    where measure = 'unemployed' and "group" in ('total', 'foreign', 'long_term', 'age_15_to_24')
    union all
    select year, region_code, region_name, '13211-02-05-4', 'unemployment_rate_' || "group",
           value, status, source_id, run_id, source_file, source_period, line_number
    from unemployment
    where measure = 'unemployment_rate' and basis = 'all_civilian_labour_force' and "group" in ('total', 'age_15_to_24')
),

-- The state and the country by their GENESIS keys in ref.regions; Kreise by ref.kreise.
classified as (
    select
        figures.*,
        case
            when figures.region_code = (select genesis_code from regions where area_level = 'land') then 'land'
            when figures.region_code = (select genesis_code from regions where area_level = 'bund') then 'bund'
            when figures.region_code in (select kreis_code from kreise) then 'kreis'
        end as area_level
    from figures
),

final as (
    select
        year,
        area_level,
        case area_level
            when 'land' then (select area_code from regions where area_level = 'land')
            when 'bund' then (select area_code from regions where area_level = 'bund')
            else region_code
        end as area_code,
        region_name,
        table_code,
        figure,
        value,
        status,
        source_id,
        run_id,
        source_file,
        source_period,
        line_number,
        -- made up: read from a bundled synthetic sample file, in a period that is not one of its publisher's own
        coalesce(sample_files.synthetic and not list_contains(sample_files.real_periods, classified.source_period), false) as synthetic
    from classified
    left join sample_files on sample_files.sha256 = regexp_extract(classified.source_file, '[0-9a-f]{64}')
    where area_level is not null
)

select * from final
