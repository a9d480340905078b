-- grain: one row per area: the city, its 12 Stadtbezirke and 62 statistische Bezirke, and the
-- benchmark areas NRW (land) and Germany (bund). Codes are strings with leading zeros.
with

regions as (
    select * from ref.regions
),

stadtbezirke as (
    select * from ref.stadtbezirke
),

stat_bezirke as (
    select * from ref.stat_bezirke
),

-- the codes of the city, its state and the country come from ref.regions: the SQL names no area
city as (
    select area_code from regions where area_level = 'stadt'
),

final as (
    select
        area_level,
        area_code,
        area_name,
        case area_level when 'stadt' then 'land' when 'land' then 'bund' end as parent_level,
        case area_level
            when 'stadt' then (select area_code from regions where area_level = 'land')
            when 'land' then (select area_code from regions where area_level = 'bund')
        end as parent_code
    from regions

    union all

    select 'stadtbezirk', stadtbezirk_code, stadtbezirk_name, 'stadt', (select area_code from city)
    from stadtbezirke

    union all

    select 'statistischer_bezirk', stat_bezirk_code, stat_bezirk_name, 'stadtbezirk', stadtbezirk_code
    from stat_bezirke
)

select * from final
