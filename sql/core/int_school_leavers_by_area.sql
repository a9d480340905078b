-- grain: one row per year and area (Stadtbezirk, Stadt from the city's data; Stadt, NRW, Germany from
-- Regionalstatistik as benchmarks) with total leavers, leavers without Hauptschulabschluss and with
-- allgemeine Hochschulreife. Official figures win: the city takes the official figures of 21111-02-06-4 (place
-- of school) wherever the table has them; the Stadtbezirke are sums of the city's data (place of residence).
with

leavers as (
    select * from core.fct_school_leavers
),

official as (
    select * from core.fct_official_school_leavers
),

district_cells as (
    select 'stadtbezirk' as area_level, stadtbezirk_code as area_code, * from leavers
    union all
    select 'stadt', (select area_code from ref.regions where area_level = 'stadt'), * from leavers
),

summed as (
    select
        area_level,
        area_code,
        year,
        -- '-' means exactly zero; '.' (secret/unknown) makes the sum unknown
        sum(coalesce(leavers_count, 0)) as leavers_count,
        sum(coalesce(leavers_count, 0)) filter (where qualification = 'without_hauptschulabschluss') as without_hsa_count,
        sum(coalesce(leavers_count, 0)) filter (where qualification = 'allgemeine_hochschulreife') as abitur_count,
        bool_or(status = '.') as has_secret_cell,
        string_agg(distinct source_id, ',' order by source_id) as source_id,
        max(run_id) as run_id
    from district_cells
    group by area_level, area_code, year
),

official_by_area as (
    select
        area_level,
        area_code,
        year,
        max(leavers_count) filter (where qualification = 'total' and sex = 'total') as leavers_count,
        max(coalesce(leavers_count, case when status = '-' then 0 end)) filter (where qualification = 'without_hauptschulabschluss' and sex = 'total') as without_hsa_count,
        max(coalesce(leavers_count, case when status = '-' then 0 end)) filter (where qualification = 'allgemeine_hochschulreife' and sex = 'total') as abitur_count,
        bool_or(status in ('.', '/', 'x') and sex = 'total' and qualification in ('total', 'without_hauptschulabschluss', 'allgemeine_hochschulreife')) as has_secret_cell,
        string_agg(distinct source_id, ',' order by source_id) as source_id,
        max(run_id) as run_id
    from official
    group by area_level, area_code, year
),

city_data as (
    select
        s.area_level,
        s.area_code,
        s.year,
        case when s.area_level = 'stadt' and o.leavers_count is not null then o.leavers_count else s.leavers_count end as leavers_count,
        case when s.area_level = 'stadt' and o.leavers_count is not null then o.without_hsa_count else s.without_hsa_count end as without_hsa_count,
        case when s.area_level = 'stadt' and o.leavers_count is not null then o.abitur_count else s.abitur_count end as abitur_count,
        case when s.area_level = 'stadt' and o.leavers_count is not null then o.has_secret_cell else s.has_secret_cell end as has_secret_cell,
        s.area_level = 'stadt' and o.leavers_count is not null as uses_official_total,
        case when s.area_level = 'stadt' and o.leavers_count is not null then o.source_id else s.source_id end as source_ids,
        s.run_id
    from summed s
    left join official_by_area o on o.area_level = s.area_level and o.area_code = s.area_code and o.year = s.year
),

benchmarks as (
    select area_level, area_code, year, leavers_count, without_hsa_count, abitur_count, has_secret_cell, false as uses_official_total, source_id as source_ids, run_id
    from official_by_area
    where area_level in ('land', 'bund')
),

final as (
    select * from city_data
    union all
    select * from benchmarks
)

select * from final
