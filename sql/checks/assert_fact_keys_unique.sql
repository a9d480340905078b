-- One row per key in every fact the city, the statistical offices and the Bundesagentur deliver (the population
-- has assert_population_keys_unique). A duplicate means the source delivered a cell twice, for instance a row
-- repeated or two downloads run together: look at the lines listed.
select 'core.fct_unemployment' as model, year, concat_ws('/', stat_bezirk_code, legal_basis, age_group) as key, count(*) as rows, list(line_number order by line_number) as lines
from core.fct_unemployment group by all having count(*) > 1
union all
select 'core.fct_school_leavers', year, concat_ws('/', stadtbezirk_code, qualification, sex), count(*), list(line_number order by line_number)
from core.fct_school_leavers group by all having count(*) > 1
union all
select 'core.fct_school_transitions', year, concat_ws('/', stadtbezirk_code, school_type), count(*), list(line_number order by line_number)
from core.fct_school_transitions group by all having count(*) > 1
union all
select 'core.fct_social_indicators', year, stadtbezirk_code, count(*), list(line_number order by line_number)
from core.fct_social_indicators group by all having count(*) > 1
union all
select 'core.fct_official_school_leavers', year, concat_ws('/', area_code, qualification, sex), count(*), list(line_number order by line_number)
from core.fct_official_school_leavers group by all having count(*) > 1
union all
select 'core.fct_official_unemployment', year, concat_ws('/', area_code, measure, basis, population_group), count(*), list(line_number order by line_number)
from core.fct_official_unemployment group by all having count(*) > 1
union all
select 'core.fct_training_market', year, concat_ws('/', area_code, measure), count(*), list(line_number order by line_number)
from core.fct_training_market group by all having count(*) > 1
