-- grain: one row per year (annual average), statistischer Bezirk, Rechtskreis and age group.
with

unemployed as (
    select * from inputs.unemployed
),

districts as (
    select * from ref.stat_bezirke
),

final as (
    select
        unemployed.year,
        unemployed.stat_bezirk_code,
        districts.stadtbezirk_code,
        case unemployed.legal_basis_label when 'SGB II' then 'sgb2' when 'SGB III' then 'sgb3' end as legal_basis,
        unemployed.age_group,
        unemployed.unemployed_count,
        unemployed.status,
        unemployed.source_id,
        unemployed.run_id,
        unemployed.source_file,
        unemployed.line_number
    from unemployed
    left join districts on districts.stat_bezirk_code = unemployed.stat_bezirk_code
)

select * from final
