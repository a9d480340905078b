-- grain: one row per indicator, area and year. Shares and rates (per 100, per 1,000 or per 100,000: the input's kind) are recomputed at every level from summed
-- numerators and denominators, never averaged. A value whose inputs include a secret cell is NULL with
-- status '.'; a ratio over an empty base is NULL with status 'x'.
with

indicator_inputs as (
    select * from core.int_indicator_inputs
),

indicators as (
    select * from marts.indicators
),

computed as (
    select
        indicator_inputs.indicator_id,
        indicator_inputs.area_level,
        indicator_inputs.area_code,
        indicator_inputs.year,
        case
            when indicator_inputs.has_secret_cell then null
            when indicator_inputs.kind in ('count', 'given') then round(indicator_inputs.numerator, indicators.decimals)
            when indicator_inputs.denominator = 0 or indicator_inputs.denominator is null then null
            -- shares and rates per 100; supply indicators per 1,000 or 100,000 residents of the target ages
            else round(case indicator_inputs.kind when 'per_1000' then 1000.0 when 'per_100000' then 100000.0 else 100.0 end
                       * indicator_inputs.numerator / indicator_inputs.denominator, indicators.decimals)
        end as value,
        case
            when indicator_inputs.has_secret_cell then '.'
            when indicator_inputs.kind not in ('count', 'given') and (indicator_inputs.denominator = 0 or indicator_inputs.denominator is null) then 'x'
            when indicator_inputs.numerator is null then '.'
            else ''
        end as status,
        case when indicator_inputs.has_secret_cell then null else indicator_inputs.numerator end as numerator,
        case when indicator_inputs.has_secret_cell then null else indicator_inputs.denominator end as denominator,
        indicators.unit,
        indicator_inputs.source_ids,
        indicator_inputs.run_id
    from indicator_inputs
    inner join indicators on indicators.indicator_id = indicator_inputs.indicator_id
),

final as (
    select * from computed
)

select * from final
