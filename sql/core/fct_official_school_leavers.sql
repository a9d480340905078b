-- grain: one row per year, benchmark area (Dortmund, NRW, Germany), qualification and sex, as published by
-- Regionalstatistik (table 21111-02-06-4). NRW results are rounded to multiples of 5 since 2019/20.
with

official as (
    select * from inputs.regional_school_leavers
),

regions as (
    select * from ref.regions
),

final as (
    select
        official.year,
        regions.area_level,
        regions.area_code,
        official.qualification,
        case official.sex when 'total' then 'total' when 'female' then 'female' end as sex,
        official.value as leavers_count,
        official.status,
        official.source_id,
        official.run_id,
        official.source_file,
        official.line_number
    from official
    inner join regions on regions.genesis_code = official.region_code
    where official.measure = 'leavers'
)

select * from final
