-- grain: one row per year, Stadtbezirk and indicator (percent, as published by the city).
with

social as (
    select * from core.fct_social_indicators
),

areas as (
    select * from marts.areas
),

long as (
    unpivot social
    on sgb2_quota_pct, subsistence_benefits_quota_pct, sozialgeld_quota_pct, old_age_basic_income_quota_pct
    into name indicator value value_pct
),

final as (
    select
        long.year as jahr,
        long.stadtbezirk_code as stadtbezirk_nr,
        areas.area_name as stadtbezirk,
        case long.indicator
            when 'sgb2_quota_pct' then 'sgb_ii_quote'
            when 'subsistence_benefits_quota_pct' then 'quote_leistungen_lebensunterhalt'
            when 'sozialgeld_quota_pct' then 'sozialgeldquote'
            when 'old_age_basic_income_quota_pct' then 'grundsicherung_im_alter_quote'
        end as indikator,
        round(long.value_pct, 1) as wert_prozent,
        '' as status
    from long
    left join areas on areas.area_level = 'stadtbezirk' and areas.area_code = long.stadtbezirk_code
)

select * from final
