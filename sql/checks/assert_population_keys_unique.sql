-- One row per year, district, sex, age group and nationality. A duplicate means the source delivered
-- the same cell twice (or two spellings of one district code collapsed): look at the lines listed.
select year, stat_bezirk_code, sex, age_group, nationality, count(*) as rows, list(line_number) as lines
from core.fct_population
group by all
having count(*) > 1
