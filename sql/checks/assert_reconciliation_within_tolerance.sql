-- protects: core.fct_unemployment, core.fct_school_leavers
-- severity: error
-- The city's district figures, summed to the city, must match the official city figure of Regionalstatistik
-- within the declared tolerance (sql/reference/reconciliation_tolerances.csv). A breach lists both numbers
-- and the difference: a district missing or duplicated, a changed definition, or a vintage mismatch.
-- The model column names the fact whose districts do not add up, so only the datasets built from it are withheld.
select comparison, year, measure, district_sum, official_value, difference, tolerance,
       case comparison when 'school_leavers' then 'core.fct_school_leavers' when 'unemployment' then 'core.fct_unemployment' end as model
from marts.reconciliation
where within_tolerance = false
