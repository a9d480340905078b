-- grain: one row per indicator, area and year. Shares and rates (per 100, per 1,000 or per 100,000: the input's kind) are recomputed at every level from summed
-- numerators and denominators, never averaged. A value whose inputs include a secret cell is NULL with
-- status '.'; a ratio over an empty base is NULL with status 'x'.
with

inputs as (
    select * from core.int_indicator_inputs
),

indicators as (
    select * from marts.indicators
),

computed as (
    select
        inputs.indicator_id,
        inputs.area_level,
        inputs.area_code,
        inputs.year,
        case
            when inputs.has_secret_cell then null
            when inputs.kind in ('count', 'given') then round(inputs.numerator, indicators.decimals)
            when inputs.denominator = 0 or inputs.denominator is null then null
            -- shares and rates per 100; supply indicators per 1,000 or 100,000 residents of the target ages
            else round(case inputs.kind when 'per_1000' then 1000.0 when 'per_100000' then 100000.0 else 100.0 end
                       * inputs.numerator / inputs.denominator, indicators.decimals)
        end as value,
        case
            when inputs.has_secret_cell then '.'
            when inputs.kind not in ('count', 'given') and (inputs.denominator = 0 or inputs.denominator is null) then 'x'
            when inputs.numerator is null then '.'
            else ''
        end as status,
        case when inputs.has_secret_cell then null else inputs.numerator end as numerator,
        case when inputs.has_secret_cell then null else inputs.denominator end as denominator,
        indicators.unit,
        inputs.source_ids,
        inputs.run_id
    from inputs
    inner join indicators on indicators.indicator_id = inputs.indicator_id
),

final as (
    select * from computed
)

select * from final
