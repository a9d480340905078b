-- grain: one row per Stichtag year and Kreis (ref.kreise): the official population (Fortschreibung des
-- Bevölkerungsstandes on 31.12., table 12411-01-01-4) in the shape of core.fct_regional_figures, as published.
with

population as (
    select * from staging.stg_regionalstatistik_population__kreise
),

kreise as (
    select * from ref.kreise
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
        population.line_number
    from population
    inner join kreise on kreise.kreis_code = population.region_code
    where population.measure = 'population' and population.sex = 'total'
)

select * from final
