-- grain: one row per Berichtsjahr (ending 30.09.), area (Agentur für Arbeit Dortmund = the city, NRW,
-- Germany) and measure, as published by the Bundesagentur für Arbeit.
with

market as (
    select * from inputs.training_market
),

final as (
    select
        market.year,
        market.reporting_year,
        case market.area_code when (select area_code from ref.regions where area_level = 'stadt') then 'stadt' when '05' then 'land' when 'DG' then 'bund' end as area_level,
        market.area_code,
        market.measure,
        market.value,
        market.status,
        market.source_id,
        market.run_id,
        market.source_file,
        market.line_number
    from market
)

select * from final
