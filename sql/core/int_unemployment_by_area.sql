-- grain: one row per year and area (statistischer Bezirk, Stadtbezirk, Stadt) with the unemployment counts
-- the labour indicators need, summed from the statistischer Bezirk up. Official figures win: for the city, the
-- total and the unemployed under 25 are Regionalstatistik's (13211-02-05-4) where it has the year, so the
-- city's densities and shares use the same count the city row publishes.
with

unemployment as (
    select * from core.fct_unemployment
),

official as (
    select
        year,
        max(value) filter (where population_group = 'total') as unemployed_count,
        max(value) filter (where population_group = 'age_15_to_24') as unemployed_under_25_count,
        string_agg(distinct source_id, ',' order by source_id) as source_id
    from core.fct_official_unemployment
    where area_level = 'stadt' and measure = 'unemployed'
    group by year
),

by_level as (
    select 'statistischer_bezirk' as area_level, stat_bezirk_code as area_code, * from unemployment
    union all
    select 'stadtbezirk', stadtbezirk_code, * from unemployment
    union all
    select 'stadt', (select area_code from ref.regions where area_level = 'stadt'), * from unemployment
),

summed as (
    select
        area_level,
        area_code,
        year,
        sum(unemployed_count) as unemployed_count,
        sum(unemployed_count) filter (where age_group = 'unter 25') as unemployed_under_25_count,
        sum(unemployed_count) filter (where legal_basis = 'sgb2') as unemployed_sgb2_count,
        bool_or(status = '.') as has_secret_cell,
        string_agg(distinct source_id, ',' order by source_id) as source_id,
        max(run_id) as run_id
    from by_level
    group by area_level, area_code, year
),

final as (
    select
        s.area_level,
        s.area_code,
        s.year,
        coalesce(case when s.area_level = 'stadt' then cast(o.unemployed_count as bigint) end, s.unemployed_count) as unemployed_count,
        coalesce(case when s.area_level = 'stadt' then cast(o.unemployed_under_25_count as bigint) end, s.unemployed_under_25_count) as unemployed_under_25_count,
        s.unemployed_sgb2_count,
        s.has_secret_cell,
        s.area_level = 'stadt' and o.unemployed_count is not null as uses_official_total,
        -- the city's own source; official_source_id names the official one where uses_official_total
        s.source_id,
        case when s.area_level = 'stadt' then o.source_id end as official_source_id,
        s.run_id
    from summed s
    left join official o on o.year = s.year
)

select * from final
