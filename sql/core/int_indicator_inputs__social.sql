-- grain: one row per indicator, area and year: social indicators (published as quotas by Stadtbezirk only; no counts to sum up to the city)
-- A part of core.int_indicator_inputs (its columns; numerator and denominator as double).
with

social as (
    select * from core.fct_social_indicators
),

final as (
    select 'sgb2_quota' as indicator_id, 'stadtbezirk' as area_level, stadtbezirk_code as area_code, year, 'given' as kind,
           cast(sgb2_quota_pct as double) as numerator, cast(null as double) as denominator, status <> '' as has_secret_cell, source_id as source_ids, run_id
    from social
    union all
    -- the Sozialgeldquote: children under 15 in SGB II households; its own symbol is not kept, so a missing value is secret
    select 'child_sgb2_quota', 'stadtbezirk', stadtbezirk_code, year, 'given', sozialgeld_quota_pct, null, sozialgeld_quota_pct is null, source_id, run_id from social
)

select * from final
