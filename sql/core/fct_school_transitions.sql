-- grain: one row per year (end of the school year of entry), Stadtbezirk and secondary school type.
with

transitions as (
    select * from inputs.school_transitions
),

school_types as (
    select * from ref.school_types
),

final as (
    select
        transitions.year,
        transitions.school_year,
        transitions.stadtbezirk_code,
        school_types.school_type,
        transitions.school_type_label,
        transitions.pupils_count,
        transitions.status,
        transitions.source_id,
        transitions.run_id,
        transitions.source_file,
        transitions.line_number
    from transitions
    left join school_types on school_types.label = transitions.school_type_label
)

select * from final
