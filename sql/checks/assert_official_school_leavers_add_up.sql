-- Table 21111-02-06-4 must add up: the leavers by qualification sum to the total ("dar." rows are subsets and
-- stay out), and women never outnumber all leavers. IT.NRW rounds to multiples of 5, so a sum may miss the total
-- by up to 2.5 per cell; a larger gap means a shifted column, a wrong header mapping or a damaged download.
-- A secret cell ('.') only bounds the sum from below. Compare the listed line with the file.
with

leavers as (
    select * from core.fct_official_school_leavers
),

totals as (
    select year, area_level, area_code, sex, leavers_count as total, source_file, line_number
    from leavers
    where qualification = 'total' and leavers_count is not null
),

parts as (
    select year, area_level, area_code, sex,
        sum(coalesce(leavers_count, 0)) as parts_sum,
        count(*) as cells,
        bool_or(status not in ('', '-')) as has_unknown_cell
    from leavers
    where qualification not in ('total', 'of_which_school_part_fhr')
    group by all
),

sum_breaches as (
    select 'qualifications do not add up to the total' as rule, t.year, t.area_level, t.area_code, 'total' as qualification, t.sex,
        p.parts_sum as value, t.total as expected, 2.5 * (p.cells + 1) as tolerance, t.source_file, t.line_number
    from totals t
    inner join parts p on p.year = t.year and p.area_level = t.area_level and p.area_code = t.area_code and p.sex = t.sex
    where p.parts_sum > t.total + 2.5 * (p.cells + 1)
       or (not p.has_unknown_cell and p.parts_sum < t.total - 2.5 * (p.cells + 1))
),

women_breaches as (
    select 'more women than leavers', f.year, f.area_level, f.area_code, f.qualification, 'female',
        f.leavers_count, a.leavers_count, 0, f.source_file, f.line_number
    from leavers f
    inner join leavers a on a.year = f.year and a.area_level = f.area_level and a.area_code = f.area_code
        and a.qualification = f.qualification and a.sex = 'total'
    where f.sex = 'female' and f.leavers_count > a.leavers_count
)

select * from sum_breaches
union all
select * from women_breaches
