-- grain: one row per year (annual average), benchmark area, measure and group, as published by
-- Regionalstatistik (table 13211-02-05-4, Arbeitsmarktstatistik der BA).
with

official as (
    select * from inputs.regional_unemployment
),

regions as (
    select * from ref.regions
),

final as (
    select
        official.year,
        regions.area_level,
        regions.area_code,
        official.measure,
        official.basis,
        official."group" as population_group,
        official.value,
        official.status,
        official.source_id,
        official.run_id,
        official.source_file,
        official.line_number
    from official
    inner join regions on regions.genesis_code = official.region_code
)

select * from final
