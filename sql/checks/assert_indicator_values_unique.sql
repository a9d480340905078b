-- One value per indicator, area and year. A duplicate means two models produce the same indicator.
select indicator_id, area_level, area_code, year, count(*) as rows
from marts.indicator_values
group by all
having count(*) > 1
