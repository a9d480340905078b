-- grain: one row per indicator, area and year: every talent indicator at every level, with NRW and Germany
-- where a source carries them, for comparison.
with

indicator_values as (
    select * from marts.indicator_values
),

indicators as (
    select * from marts.indicators
),

areas as (
    select * from marts.areas
),

final as (
    select
        v.indicator_id as indikator,
        indicators.title_de as indikator_titel,
        v.year as jahr,
        v.area_level as gebiet_ebene,
        v.area_code as gebiet_nr,
        areas.area_name as gebiet,
        v.value as wert,
        v.unit as einheit,
        v.status
    from indicator_values v
    inner join indicators on indicators.indicator_id = v.indicator_id
    left join areas on areas.area_level = v.area_level and areas.area_code = v.area_code
)

select * from final
