-- severity: error
-- protects: marts.indicator_values
-- Shares, rates and densities lie between 0 and their declared maximum (100 for percentages). A value
-- outside means a numerator larger than its denominator: a wrong join or a unit mix-up.
select v.indicator_id, v.area_level, v.area_code, v.year, v.value, v.numerator, v.denominator, i.max_value
from marts.indicator_values v
inner join marts.indicators i on i.indicator_id = v.indicator_id
where v.value is not null and (v.value < 0 or (i.max_value is not null and v.value > i.max_value))
