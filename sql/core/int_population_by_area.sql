-- grain: one row per year and area (statistischer Bezirk, Stadtbezirk, Stadt) with the counts the
-- demography indicators need. Counts are summed from the statistischer Bezirk up; a sum that touches a
-- cell with status '.' (unknown or secret) is not computed and carries status '.'.
with

population as (
    select * from core.fct_population
),

cells as (
    select
        year,
        stat_bezirk_code,
        stadtbezirk_code,
        residents_count,
        status,
        age_to is not null and age_to <= 18 as is_under_18,
        age_from >= 15 and age_to is not null and age_to <= 25 as is_15_to_24,
        age_from >= 15 and age_to is not null and age_to <= 65 as is_15_to_64,
        nationality = 'nichtdeutsch' as is_non_german,
        source_id,
        run_id
    from population
),

by_level as (
    select 'statistischer_bezirk' as area_level, stat_bezirk_code as area_code, * from cells
    union all
    select 'stadtbezirk' as area_level, stadtbezirk_code as area_code, * from cells
    union all
    select 'stadt' as area_level, (select area_code from ref.regions where area_level = 'stadt') as area_code, * from cells
),

final as (
    select
        area_level,
        area_code,
        year,
        sum(residents_count) as residents_count,
        sum(residents_count) filter (where is_under_18) as under_18_count,
        sum(residents_count) filter (where is_15_to_24) as age_15_to_24_count,
        sum(residents_count) filter (where is_15_to_64) as age_15_to_64_count,
        sum(residents_count) filter (where is_non_german) as non_german_count,
        bool_or(status = '.') as has_secret_cell,
        string_agg(distinct source_id, ',' order by source_id) as source_id,
        max(run_id) as run_id
    from by_level
    group by area_level, area_code, year
)

select * from final
