-- Every area code in the data must be one of Dortmund's areas in marts.areas. A failure lists the
-- unknown codes with their source and first line: a new or mistyped district code upstream, or a
-- spelling the staging normalisation does not cover yet.
with

used as (
    select 'core.fct_population' as model, stat_bezirk_code as area_code, source_file, min(line_number) as first_line
    from core.fct_population
    group by all
)

select used.*
from used
left join marts.areas on marts.areas.area_level = 'statistischer_bezirk' and marts.areas.area_code = used.area_code
where marts.areas.area_code is null
