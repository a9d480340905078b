-- grain: one row per indicator, area and year: training-market indicators, from the employment agency's figures
-- A part of core.int_indicator_inputs (its columns; numerator and denominator as double).
with

training as (
    select * from core.fct_training_market
),

training_by_area as (
    select
        area_level,
        area_code,
        year,
        max(value) filter (where measure = 'applicants') as applicants,
        max(value) filter (where measure = 'training_places') as places,
        max(value) filter (where measure = 'unplaced_applicants') as unplaced,
        bool_or(status in ('.', '/', 'x') and measure in ('applicants', 'training_places', 'unplaced_applicants')) as has_secret_cell,
        string_agg(distinct source_id, ',' order by source_id) as source_id,
        max(run_id) as run_id
    from training
    group by all
),

final as (
    select 'training_applicants_per_100_places' as indicator_id, area_level, area_code, year, 'ratio' as kind,
           cast(applicants as double) as numerator, cast(places as double) as denominator, has_secret_cell, source_id as source_ids, run_id
    from training_by_area
    union all
    select 'training_unplaced_applicants_share', area_level, area_code, year, 'ratio', unplaced, applicants, has_secret_cell, source_id, run_id from training_by_area
)

select * from final
