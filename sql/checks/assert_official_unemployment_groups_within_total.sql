-- In table 13211-02-05-4 every group of the registered unemployed (foreigners, severely disabled, age groups,
-- long-term) is part of all unemployed, and the 15-to-19-year-olds are part of the 15-to-24-year-olds. A part
-- larger than its whole means a shifted column, a wrong year or a damaged download: compare the line with the file.
with

counts as (
    select * from core.fct_official_unemployment
    where measure = 'unemployed' and value is not null
),

breaches as (
    select part.year, part.area_level, part.area_code, part.population_group, part.value,
        whole.population_group as whole_group, whole.value as whole_value, part.source_file, part.line_number
    from counts part
    inner join counts whole
        on whole.year = part.year and whole.area_level = part.area_level and whole.area_code = part.area_code
        and (
            (whole.population_group = 'total' and part.population_group <> 'total')
            or (whole.population_group = 'age_15_to_24' and part.population_group = 'age_15_to_19')
        )
    where part.value > whole.value
)

select * from breaches
