-- grain: one row per area (every Stadtbezirk and every statistischer Bezirk) and pair of need and supply indicator of
-- sql/reference/need_supply_pairs.csv declared for its level: each side in the latest year it has at that level, beside
-- the city's value of the same year, and whether need is above the city's value while supply is below it. A comparison
-- pair by pair, no composite score and no weights.
with

pairs as (
    select * from ref.need_supply_pairs
),

indicator_values as (
    select * from marts.indicator_values
),

indicators as (
    select * from marts.indicators
),

areas as (
    select * from marts.areas
),

city as (
    select area_code from ref.regions where area_level = 'stadt'
),

pairs_by_level as (
    select pairs.*, unnest(string_split(pairs.area_levels, '|')) as area_level
    from pairs
),

-- the latest year each indicator has at each level: every district of a level is compared in the same year
latest_years as (
    select indicator_id, area_level, max(year) as year
    from indicator_values
    group by indicator_id, area_level
),

city_values as (
    select indicator_id, year, value
    from indicator_values
    where area_level = 'stadt' and area_code = (select area_code from city)
),

rows_of_pairs as (
    select
        pairs_by_level.area_level,
        areas.area_code,
        areas.area_name,
        pairs_by_level.target_group,
        pairs_by_level.need_indicator,
        need_year.year as need_year,
        pairs_by_level.supply_indicator,
        supply_year.year as supply_year
    from pairs_by_level
    inner join areas on areas.area_level = pairs_by_level.area_level
    -- a pair whose indicators have no value at all at the level (their sources not loaded yet) has no row;
    -- checks/assert_bedarf_und_angebot_covers_every_district.sql fails a level declared where an indicator never exists
    inner join latest_years need_year
        on need_year.indicator_id = pairs_by_level.need_indicator and need_year.area_level = pairs_by_level.area_level
    inner join latest_years supply_year
        on supply_year.indicator_id = pairs_by_level.supply_indicator and supply_year.area_level = pairs_by_level.area_level
),

sides as (
    select
        rows_of_pairs.*,
        need.value as need_value,
        -- an area without a value in that year is unknown ('.'), like every value without a number
        case when need.indicator_id is null then '.' else need.status end as need_status,
        need_city.value as need_city_value,
        supply.value as supply_value,
        case when supply.indicator_id is null then '.' else supply.status end as supply_status,
        supply_city.value as supply_city_value
    from rows_of_pairs
    left join indicator_values need
        on need.indicator_id = rows_of_pairs.need_indicator and need.area_level = rows_of_pairs.area_level
        and need.area_code = rows_of_pairs.area_code and need.year = rows_of_pairs.need_year
    left join city_values need_city
        on need_city.indicator_id = rows_of_pairs.need_indicator and need_city.year = rows_of_pairs.need_year
    left join indicator_values supply
        on supply.indicator_id = rows_of_pairs.supply_indicator and supply.area_level = rows_of_pairs.area_level
        and supply.area_code = rows_of_pairs.area_code and supply.year = rows_of_pairs.supply_year
    left join city_values supply_city
        on supply_city.indicator_id = rows_of_pairs.supply_indicator and supply_city.year = rows_of_pairs.supply_year
),

final as (
    select
        sides.area_level as gebiet_ebene,
        sides.area_code as gebiet_nr,
        sides.area_name as gebiet,
        sides.target_group as zielgruppe,
        sides.need_indicator as bedarf_indikator,
        need_catalogue.title_de as bedarf_titel,
        sides.need_year as bedarf_jahr,
        sides.need_value as bedarf_wert,
        need_catalogue.unit as bedarf_einheit,
        sides.need_status as bedarf_status,
        sides.need_city_value as bedarf_stadtwert,
        sides.supply_indicator as angebot_indikator,
        supply_catalogue.title_de as angebot_titel,
        sides.supply_year as angebot_jahr,
        sides.supply_value as angebot_wert,
        supply_catalogue.unit as angebot_einheit,
        sides.supply_status as angebot_status,
        sides.supply_city_value as angebot_stadtwert,
        -- the rule (contract of the dataset): true when need is above the city's value and supply below it, false when
        -- all four values are known otherwise, NULL when any is missing (a secret value decides nothing)
        case
            when sides.need_value is null or sides.need_city_value is null
                or sides.supply_value is null or sides.supply_city_value is null then null
            else sides.need_value > sides.need_city_value and sides.supply_value < sides.supply_city_value
        end as bedarf_hoch_angebot_gering
    from sides
    inner join indicators need_catalogue on need_catalogue.indicator_id = sides.need_indicator
    inner join indicators supply_catalogue on supply_catalogue.indicator_id = sides.supply_indicator
)

select * from final
