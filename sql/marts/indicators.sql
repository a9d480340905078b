-- grain: one row per indicator: the catalogue of sql/reference/indicators.csv, typed.
with

catalogue as (
    select * from ref.indicators
),

final as (
    select
        indicator_id,
        theme,
        title_de,
        title_en,
        description_de,
        unit,
        cast(decimals as integer) as decimals,
        source_ids,
        periodicity,
        reference_date,
        licence,
        methodology_de,
        try_cast(max_value as double) as max_value,
        try_cast(max_yoy_change_pct as double) as max_yoy_change_pct
    from catalogue
)

select * from final
