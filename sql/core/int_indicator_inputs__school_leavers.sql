-- grain: one row per indicator, area and year: school-leaver indicators, from the leavers by area (official figures where they win)
-- A part of core.int_indicator_inputs (its columns; numerator and denominator as double).
with

school_leavers as (
    select * from core.int_school_leavers_by_area
),

final as (
    select 'school_leavers_total' as indicator_id, area_level, area_code, year, 'count' as kind,
           cast(leavers_count as double) as numerator, cast(null as double) as denominator, has_secret_cell, source_ids, run_id
    from school_leavers
    union all
    select 'school_leavers_share_without_hauptschulabschluss', area_level, area_code, year, 'ratio', without_hsa_count, leavers_count, has_secret_cell, source_ids, run_id from school_leavers
    union all
    select 'school_leavers_share_abitur', area_level, area_code, year, 'ratio', abitur_count, leavers_count, has_secret_cell, source_ids, run_id from school_leavers
)

select * from final
