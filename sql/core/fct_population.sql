-- grain: one row per year, statistischer Bezirk, sex, age group and nationality (Melderegister, 31.12.).
with

residents as (
    select * from inputs.residents
),

districts as (
    select * from ref.stat_bezirke
),

age_groups as (
    select * from ref.age_groups
),

final as (
    select
        residents.year,
        residents.reference_date,
        'melderegister' as population_concept,
        residents.stat_bezirk_code,
        districts.stadtbezirk_code,
        residents.sex,
        residents.age_group,
        cast(age_groups.age_from as integer) as age_from,
        cast(age_groups.age_to as integer) as age_to,
        residents.nationality,
        residents.residents_count,
        residents.status,
        residents.source_id,
        residents.run_id,
        residents.source_file,
        residents.line_number
    from residents
    left join districts on districts.stat_bezirk_code = residents.stat_bezirk_code
    left join age_groups on age_groups.age_group = residents.age_group
)

select * from final
