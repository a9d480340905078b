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
        methodology_de
    from catalogue
)

select * from final
