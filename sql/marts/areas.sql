-- grain: one row per area: the city, its 12 Stadtbezirke and 62 statistische Bezirke, the benchmark areas NRW (land)
-- and Germany (bund), and for the Städtevergleich every Kreis and kreisfreie Stadt (kreis, by its five-digit key; the
-- city is one of them). Codes are strings with leading zeros.
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

kreise as (
    select * from ref.kreise
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

    union all

    -- a Kreis of the state hangs under the state; the other Länder are no areas here, so their Kreise hang under the country
    select
        'kreis',
        kreis_code,
        kreis_name,
        case when land_code = (select genesis_code from regions where area_level = 'land') then 'land' else 'bund' end,
        case when land_code = (select genesis_code from regions where area_level = 'land')
             then (select area_code from regions where area_level = 'land')
             else (select area_code from regions where area_level = 'bund') end
    from kreise
)

select * from final
