-- grain: one row per indicator, area and year: shares computed from Regionalstatistik figures (the Städtevergleich's definitions) for the city's Kreis, the state and the country; the city's other school-leaver shares come from its own leavers
-- A part of core.int_indicator_inputs (its columns; numerator and denominator as double).
with

regional as (
    select * from core.int_regional_indicator_inputs
),

final as (
    select indicator_id,
           case area_level when 'kreis' then 'stadt' else area_level end as area_level,
           case area_level when 'kreis' then (select area_code from ref.regions where area_level = 'stadt') else area_code end as area_code,
           year, 'ratio' as kind, cast(numerator as double) as numerator, cast(denominator as double) as denominator, has_secret_cell, source_ids, run_id
    from regional
    where indicator_id not in ('school_leavers_share_without_hauptschulabschluss', 'school_leavers_share_abitur')
      and (area_level in ('land', 'bund') or area_code = (select genesis_code from ref.regions where area_level = 'stadt'))
)

select * from final
