-- Shares and rates in percent lie between 0 and 100. A value outside means a numerator larger than its
-- denominator: a wrong join or a unit mix-up in the model that computes it.
select indicator_id, area_level, area_code, year, value, numerator, denominator
from marts.indicator_values
where unit = '%' and value is not null and (value < 0 or value > 100)
