-- grain: one row per year and area (statistischer Bezirk, Stadtbezirk, Stadt) with the unemployment counts
-- the labour indicators need, summed from the statistischer Bezirk up.
with

unemployment as (
    select * from core.fct_unemployment
),

by_level as (
    select 'statistischer_bezirk' as area_level, stat_bezirk_code as area_code, * from unemployment
    union all
    select 'stadtbezirk', stadtbezirk_code, * from unemployment
    union all
    select 'stadt', '05913000', * from unemployment
),

final as (
    select
        area_level,
        area_code,
        year,
        sum(unemployed_count) as unemployed_count,
        sum(unemployed_count) filter (where age_group = 'unter 25') as unemployed_under_25_count,
        sum(unemployed_count) filter (where legal_basis = 'sgb2') as unemployed_sgb2_count,
        bool_or(status = '.') as has_secret_cell,
        max(run_id) as run_id
    from by_level
    group by area_level, area_code, year
)

select * from final
