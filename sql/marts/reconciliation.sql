-- grain: one row per comparison, year, measure and sex: the city's district data summed to the city against the
-- official city figure of Regionalstatistik, with the declared tolerance. The official figure is what the city
-- rows publish; the district sum is kept here beside it, with the difference (district sum - official). Kept as a table so analysts see
-- every comparison, not only the breaches (assert_reconciliation_within_tolerance lists those).
with

leavers as (
    select * from core.fct_school_leavers
),

official_leavers as (
    select * from core.fct_official_school_leavers
),

unemployment as (
    select * from core.fct_unemployment
),

official_unemployment as (
    select * from core.fct_official_unemployment
),

tolerances as (
    select * from ref.reconciliation_tolerances
),

school_sums as (
    select year, qualification as measure, 'total' as sex, sum(leavers_count) as district_sum, bool_or(status = '.') as has_secret_cell
    from leavers
    group by all
    union all
    select year, 'total', 'total', sum(leavers_count), bool_or(status = '.')
    from leavers
    group by all
    union all
    select year, qualification, 'female', sum(leavers_count), bool_or(status = '.')
    from leavers
    where sex = 'female'
    group by all
    union all
    select year, 'total', 'female', sum(leavers_count), bool_or(status = '.')
    from leavers
    where sex = 'female'
    group by all
),

school as (
    select
        'school_leavers' as comparison,
        s.year,
        s.measure,
        s.sex,
        s.district_sum,
        coalesce(o.leavers_count, case when o.status = '-' then 0 end) as official_value,
        o.status as official_status,
        s.has_secret_cell
    from school_sums s
    inner join official_leavers o
        on o.area_level = 'stadt' and o.year = s.year and o.qualification = s.measure and o.sex = s.sex
),

unemployment_sums as (
    select year, 'total' as measure, 'total' as sex, sum(unemployed_count) as district_sum, bool_or(status = '.') as has_secret_cell
    from unemployment
    group by all
    union all
    select year, 'age_15_to_24', 'total', sum(unemployed_count) filter (where age_group = 'unter 25'), bool_or(status = '.')
    from unemployment
    group by all
),

labour as (
    select
        'unemployment' as comparison,
        s.year,
        s.measure,
        s.sex,
        s.district_sum,
        o.value as official_value,
        o.status as official_status,
        s.has_secret_cell
    from unemployment_sums s
    inner join official_unemployment o
        on o.area_level = 'stadt' and o.year = s.year and o.measure = 'unemployed' and o.population_group = s.measure
),

compared as (
    select * from school
    union all
    select * from labour
),

final as (
    select
        c.comparison,
        c.year,
        c.measure,
        c.sex,
        c.district_sum,
        c.official_value,
        c.official_status,
        c.district_sum - c.official_value as difference,
        coalesce(cast(t.tolerance_abs as double), round(abs(c.official_value) * cast(t.tolerance_rel_pct as double) / 100.0, 1)) as tolerance,
        case
            when c.has_secret_cell or c.official_value is null then null
            else abs(c.district_sum - c.official_value)
                 <= coalesce(cast(t.tolerance_abs as double), abs(c.official_value) * cast(t.tolerance_rel_pct as double) / 100.0)
        end as within_tolerance
    from compared c
    left join tolerances t on t.comparison = c.comparison
)

select * from final
