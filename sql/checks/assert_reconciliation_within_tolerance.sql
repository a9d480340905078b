-- protects: core.fct_unemployment, core.fct_school_leavers
-- severity: error
-- The city's district figures, summed to the city, must match the official city figure of Regionalstatistik
-- within the declared tolerance (sql/reference/reconciliation_tolerances.csv). A breach lists both numbers
-- and the difference: a district missing or duplicated, a changed definition, or a vintage mismatch.
select comparison, year, measure, district_sum, official_value, difference, tolerance
from marts.reconciliation
where within_tolerance = false
