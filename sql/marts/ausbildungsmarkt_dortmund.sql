-- grain: one row per Berichtsjahr, area (Dortmund, NRW, Germany) and measure, as published by the BA
-- (anonymised values stay secret with status '.').
with

market as (
    select * from core.fct_training_market
),

areas as (
    select * from marts.areas
),

final as (
    select
        market.year as jahr,
        market.reporting_year as berichtsjahr,
        market.area_level as gebiet_ebene,
        market.area_code as gebiet_nr,
        areas.area_name as gebiet,
        market.measure as merkmal,
        market.value as wert,
        market.status
    from market
    left join areas on areas.area_level = market.area_level and areas.area_code = market.area_code
)

select * from final
