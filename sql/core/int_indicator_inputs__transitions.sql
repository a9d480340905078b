-- grain: one row per indicator, area and year: transition indicator, from the primary-school leavers by area
-- A part of core.int_indicator_inputs (its columns; numerator and denominator as double).
with

transitions as (
    select * from core.int_school_transitions_by_area
),

final as (
    select 'transition_rate_gymnasium' as indicator_id, area_level, area_code, year, 'ratio' as kind,
           cast(gymnasium_count as double) as numerator, cast(pupils_count as double) as denominator, has_secret_cell, source_id as source_ids, run_id
    from transitions
)

select * from final
