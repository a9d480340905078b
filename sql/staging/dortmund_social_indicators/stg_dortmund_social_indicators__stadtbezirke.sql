-- grain: one row per year and Stadtbezirk, as published (quotas in percent with a decimal point).
with

source as (
    select * from raw.dortmund_social_indicators__stadtbezirke
),

renamed as (
    select
        ---------- ids
        trim(source.stadtbezirk_nr) as stadtbezirk_code,

        ---------- dimensions
        trim(source.stadtbezirk) as stadtbezirk_name_published,

        ---------- measures
        try_cast(source.sgb_ii_quote as double) as sgb2_quota_pct,
        try_cast(source.quote_leistungen_zur_sicherung_des_lebensunterhalts as double) as subsistence_benefits_quota_pct,
        try_cast(source.sozialgeldquote as double) as sozialgeld_quota_pct,
        try_cast(source.grundsicherung_im_alter_quote as double) as old_age_basic_income_quota_pct,
        case when try_cast(source.sgb_ii_quote as double) is null then coalesce(nullif(trim(source.sgb_ii_quote), ''), '.') else '' end as sgb2_quota_symbol,

        ---------- dates
        cast(source.jahr as integer) as year,

        ---------- lineage
        'dortmund_social_indicators' as source_id,
        source._run_id as run_id,
        source._source_file as source_file,
        source._line_number as line_number

    from source
)

select * from renamed
