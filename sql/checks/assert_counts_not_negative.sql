-- A count (or a rate or ratio of counts) below zero cannot be right: a minus sign where the publisher meant the symbol '-'
-- (nothing), or a damaged cell. Each row names the model, the source file and the line to look at.
select 'core.fct_population' as model, year, stat_bezirk_code as area_code, 'residents_count' as measure, residents_count as value, source_file, line_number
from core.fct_population where residents_count < 0
union all
select 'core.fct_unemployment', year, stat_bezirk_code, 'unemployed_count', unemployed_count, source_file, line_number
from core.fct_unemployment where unemployed_count < 0
union all
select 'core.fct_school_leavers', year, stadtbezirk_code, 'leavers_count', leavers_count, source_file, line_number
from core.fct_school_leavers where leavers_count < 0
union all
select 'core.fct_school_transitions', year, stadtbezirk_code, 'pupils_count', pupils_count, source_file, line_number
from core.fct_school_transitions where pupils_count < 0
union all
select 'core.fct_official_school_leavers', year, area_code, qualification || '/' || sex, leavers_count, source_file, line_number
from core.fct_official_school_leavers where leavers_count < 0
union all
select 'core.fct_official_unemployment', year, area_code, measure || '/' || population_group, value, source_file, line_number
from core.fct_official_unemployment where value < 0
union all
select 'core.fct_training_market', year, area_code, measure, value, source_file, line_number
from core.fct_training_market where value < 0
