-- grain: one row per year and area (Stadtbezirk, Stadt) with all primary leavers moving on and those
-- moving to a Gymnasium.
with

transitions as (
    select * from core.fct_school_transitions
),

by_level as (
    select 'stadtbezirk' as area_level, stadtbezirk_code as area_code, * from transitions
    union all
    select 'stadt', (select area_code from ref.regions where area_level = 'stadt'), * from transitions
),

final as (
    select
        area_level,
        area_code,
        year,
        sum(coalesce(pupils_count, 0)) as pupils_count,
        sum(coalesce(pupils_count, 0)) filter (where school_type = 'gymnasium') as gymnasium_count,
        bool_or(status = '.') as has_secret_cell,
        string_agg(distinct source_id, ',' order by source_id) as source_id,
        max(run_id) as run_id
    from by_level
    group by area_level, area_code, year
)

select * from final
