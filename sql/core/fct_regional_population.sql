-- grain: one row per Stichtag year and Kreis (ref.kreise): the official population (Fortschreibung des
-- Bevölkerungsstandes on 31.12., table 12411-01-01-4) in the shape of core.fct_regional_figures, as published.
with

population as (
    select * from inputs.regional_population
),

kreise as (
    select * from ref.kreise
),

sample_files as (
    select * from ref.sample_files
),

final as (
    select
        population.year,
        'kreis' as area_level,
        population.region_code as area_code,
        population.region_name,
        '12411-01-01-4' as table_code,
        'population_total' as figure,
        population.value,
        population.status,
        population.source_id,
        population.run_id,
        population.source_file,
        population.source_period,
        population.line_number,
        -- made up: read from a bundled synthetic sample file, in a period that is not one of its publisher's own
        coalesce(sample_files.synthetic and not list_contains(sample_files.real_periods, population.source_period), false) as synthetic
    from population
    inner join kreise on kreise.kreis_code = population.region_code
    left join sample_files on sample_files.sha256 = regexp_extract(population.source_file, '[0-9a-f]{64}')
    where population.measure = 'population' and population.sex = 'total'
)

select * from final
