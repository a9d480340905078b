-- grain: one row per year (end of the school year), Stadtbezirk of residence, qualification and sex.
with

leavers as (
    select * from inputs.school_leavers
),

qualifications as (
    select * from ref.qualifications
),

final as (
    select
        leavers.year,
        leavers.school_year,
        leavers.stadtbezirk_code,
        qualifications.qualification,
        leavers.qualification_label,
        case leavers.sex when 'männlich' then 'male' when 'weiblich' then 'female' end as sex,
        leavers.leavers_count,
        leavers.status,
        leavers.source_id,
        leavers.run_id,
        leavers.source_file,
        leavers.line_number
    from leavers
    left join qualifications on qualifications.label = leavers.qualification_label
)

select * from final
