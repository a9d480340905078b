-- grain: one row per year, region (every Kreis and kreisfreie Stadt, the state, Germany) and indicator: the city's
-- talent indicators beside every other Kreis, each value official (a table's figure to the digit) or computed from
-- official figures by the catalogue's definition, with its table, its rank among all Kreise and within the state, and
-- the peer group of sql/reference/peer_cities.csv.
with

figures as (
    select * from core.fct_regional_figures
    union all by name
    select * from core.fct_regional_population
),

regional_inputs as (
    select * from core.int_regional_indicator_inputs
),

indicators as (
    select * from marts.indicators
),

regions as (
    select * from ref.regions
),

peers as (
    select * from ref.peer_cities
),

areas as (
    select * from marts.areas
),

-- The tables' years that hold a made-up figure for a region (a bundled synthetic sample outside its real periods).
synthetic_inputs as (
    select distinct year, area_code, table_code from figures where synthetic
),

-- Shares by the catalogue's definitions (numerator and denominator in core.int_regional_indicator_inputs), rounded
-- to the catalogue's decimals; unknown ('.') where an input is, not applicable ('x') over an empty base. A share
-- computed from a made-up figure is made up.
computed as (
    select
        regional_inputs.year, regional_inputs.area_level, regional_inputs.area_code, regional_inputs.indicator_id, regional_inputs.table_code,
        case
            when exists (
                select 1 from synthetic_inputs s
                where s.year = regional_inputs.year and s.area_code = regional_inputs.area_code
                  and list_contains(string_split(regional_inputs.table_code, ', '), s.table_code)
            ) then 'synthetisch'
            else 'berechnet'
        end as origin,
        case
            when regional_inputs.has_secret_cell or coalesce(regional_inputs.denominator, 0) = 0 then null
            else round(100.0 * regional_inputs.numerator / regional_inputs.denominator, indicators.decimals)
        end as value,
        case when regional_inputs.has_secret_cell then '.' when coalesce(regional_inputs.denominator, 0) = 0 then 'x' else '' end as status
    from regional_inputs
    inner join indicators on indicators.indicator_id = regional_inputs.indicator_id
),

-- Official figures as the table prints them (the indicator id is the figure, or the catalogue's id where one exists);
-- '-' is exactly zero, published as 0 with its rank.
official as (
    select
        year, area_level, area_code,
        case figure
            when 'unemployment_rate_total' then 'unemployment_rate_official'
            when 'unemployment_rate_age_15_to_24' then 'youth_unemployment_rate_official'
            when 'general_leavers_total' then 'school_leavers_total'
            else figure
        end as indicator_id,
        table_code,
        case when synthetic then 'synthetisch' else 'amtlich' end as origin,
        case when status = '-' then 0 else value end as value,
        status
    from figures
    where figure in ('population_total', 'general_leavers_total', 'vocational_leavers_total',
                     'vocational_leavers_allgemeine_hochschulreife', 'vocational_leavers_fachhochschulreife',
                     'unemployed_total', 'unemployment_rate_total', 'unemployment_rate_age_15_to_24',
                     'schools_grundschule', 'schools_hauptschule', 'schools_realschule', 'schools_gymnasium',
                     'schools_gesamtschule', 'schools_mehrere_bildungsgaenge', 'schools_foerderschule',
                     'pupils_total', 'pupils_grundschule', 'pupils_hauptschule', 'pupils_realschule', 'pupils_gymnasium',
                     'pupils_gesamtschule', 'pupils_mehrere_bildungsgaenge', 'pupils_foerderschule')
),

all_values as (
    select * from official
    union all
    select * from computed
),

-- Who is ranked: Kreise with a value, among all of them and among those of the state (their keys start with its key).
scoped as (
    select
        all_values.*,
        all_values.area_level = 'kreis' and all_values.value is not null as in_kreise,
        all_values.area_level = 'kreis' and all_values.value is not null
            and all_values.area_code like (select genesis_code from regions where area_level = 'land') || '%' as in_state
    from all_values
),

-- 1 = the highest value; equal values share a rank.
ranked as (
    select
        scoped.*,
        case when in_kreise then rank() over (partition by indicator_id, year, in_kreise order by value desc) end as rank_kreise,
        case when in_kreise then count(*) over (partition by indicator_id, year, in_kreise) end as count_kreise,
        case when in_state then rank() over (partition by indicator_id, year, in_state order by value desc) end as rank_land,
        case when in_state then count(*) over (partition by indicator_id, year, in_state) end as count_land
    from scoped
),

final as (
    select
        ranked.year as jahr,
        ranked.area_level as gebiet_ebene,
        ranked.area_code as gebiet_nr,
        areas.area_name as gebiet,
        case
            when ranked.area_code = (select genesis_code from regions where area_level = 'stadt') then 'stadt'
            when peers.kreis_code is not null then 'vergleichsstadt'
            else ''
        end as vergleichsgruppe,
        ranked.indicator_id as indikator,
        ranked.value as wert,
        ranked.status,
        ranked.origin as herkunft,
        ranked.table_code as tabelle,
        ranked.rank_kreise as rang_kreise,
        ranked.count_kreise as anzahl_kreise,
        ranked.rank_land as rang_land,
        ranked.count_land as anzahl_land
    from ranked
    left join areas on areas.area_level = ranked.area_level and areas.area_code = ranked.area_code
    left join peers on peers.kreis_code = ranked.area_code
)

select * from final
