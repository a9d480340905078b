-- grain: one row per year, area (Stadtbezirk or the city), qualification and sex, margins included
-- ('insgesamt'), for the published dataset schulabgaenge-abschluss-stadtbezirke.
-- The Stadtbezirke are the city's figures by place of residence. For the city, official figures win: where
-- Regionalstatistik 21111-02-06-4 publishes a cell (by place of school, every cell rounded on its own to a
-- multiple of 5, so categories need not add up to the total) the city row carries it to the digit; men are the
-- official total less the official women (the table has no male column); only cells the table lacks are the
-- sum of the Stadtbezirke. The district sums stay visible beside the official figures in marts.reconciliation.
with

leavers as (
    select * from core.fct_school_leavers
),

areas as (
    select * from marts.areas
),

official as (
    select year, qualification, sex, coalesce(leavers_count, case when status = '-' then 0 end) as leavers_count
    from core.fct_official_school_leavers
    where area_level = 'stadt' and (leavers_count is not null or status = '-')
),

official_cells as (
    select year, qualification, sex, leavers_count from official
    union all
    select t.year, t.qualification, 'male', t.leavers_count - f.leavers_count
    from official t
    inner join official f on f.year = t.year and f.qualification = t.qualification and f.sex = 'female'
    where t.sex = 'total'
),

cells as (
    select year, school_year, 'stadtbezirk' as area_level, stadtbezirk_code as area_code, qualification, sex, leavers_count, status
    from leavers
),

cube as (
    select
        year, school_year, area_level, area_code, qualification, sex,
        sum(coalesce(leavers_count, 0)) as leavers_count,
        bool_or(status = '.') as has_secret_cell
    from (
        select * from cells
        union all
        select year, school_year, 'stadt', (select area_code from ref.regions where area_level = 'stadt'), qualification, sex, leavers_count, status from cells
    )
    group by grouping sets (
        (year, school_year, area_level, area_code, qualification, sex),
        (year, school_year, area_level, area_code, qualification),
        (year, school_year, area_level, area_code, sex),
        (year, school_year, area_level, area_code)
    )
),

final as (
    select
        cube.year as jahr,
        cube.school_year as schuljahr,
        cube.area_level as gebiet_ebene,
        cube.area_code as gebiet_nr,
        areas.area_name as gebiet,
        -- published codes are German, one language per column (the core tables keep their own codes)
        case coalesce(cube.qualification, 'insgesamt')
            when 'without_hauptschulabschluss' then 'ohne_hauptschulabschluss'
            else coalesce(cube.qualification, 'insgesamt')
        end as abschluss,
        case coalesce(cube.sex, 'insgesamt') when 'female' then 'weiblich' when 'male' then 'männlich' else 'insgesamt' end as geschlecht,
        case
            when official_cells.leavers_count is not null then official_cells.leavers_count
            when cube.has_secret_cell then null
            else cube.leavers_count
        end as anzahl,
        case when official_cells.leavers_count is null and cube.has_secret_cell then '.' else '' end as status
    from cube
    left join areas on areas.area_level = cube.area_level and areas.area_code = cube.area_code
    left join official_cells
        on cube.area_level = 'stadt' and official_cells.year = cube.year
        and official_cells.qualification = coalesce(cube.qualification, 'total')
        and official_cells.sex = coalesce(cube.sex, 'total')
)

select * from final
