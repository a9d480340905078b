-- grain: one row per year and Stadtbezirk with the published quotas (percent).
with

social as (
    select * from inputs.social_indicators
),

final as (
    select
        year,
        stadtbezirk_code,
        sgb2_quota_pct,
        subsistence_benefits_quota_pct,
        sozialgeld_quota_pct,
        old_age_basic_income_quota_pct,
        sgb2_quota_symbol as status,
        source_id,
        run_id,
        source_file,
        line_number
    from social
)

select * from final
