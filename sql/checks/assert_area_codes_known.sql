-- protects: core.fct_population, core.fct_unemployment, core.fct_school_leavers, core.fct_school_transitions, core.fct_social_indicators
-- Every area code in the city's data must be one of Dortmund's areas in marts.areas. A failure lists the
-- unknown codes with their source file and first line: a new or mistyped district code upstream, or a
-- spelling the staging normalisation does not cover yet.
with

used as (
    select 'statistischer_bezirk' as area_level, stat_bezirk_code as area_code, source_id, source_file, line_number from core.fct_population
    union all
    select 'statistischer_bezirk', stat_bezirk_code, source_id, source_file, line_number from core.fct_unemployment
    union all
    select 'stadtbezirk', stadtbezirk_code, source_id, source_file, line_number from core.fct_school_leavers
    union all
    select 'stadtbezirk', stadtbezirk_code, source_id, source_file, line_number from core.fct_school_transitions
    union all
    select 'stadtbezirk', stadtbezirk_code, source_id, source_file, line_number from core.fct_social_indicators
)

select used.area_level, used.area_code, used.source_id, used.source_file, min(used.line_number) as first_line, count(*) as rows
from used
left join marts.areas on marts.areas.area_level = used.area_level and marts.areas.area_code = used.area_code
where marts.areas.area_code is null
group by all
