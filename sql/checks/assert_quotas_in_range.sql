-- A quota or rate is a percentage between 0 and 100. Outside means a shifted column, a count in a percent
-- column or a misplaced decimal point: compare the listed line with the file.
select 'core.fct_social_indicators' as model, year, stadtbezirk_code as area_code, quota, value, source_file, line_number
from core.fct_social_indicators
unpivot (value for quota in (sgb2_quota_pct, subsistence_benefits_quota_pct, sozialgeld_quota_pct, old_age_basic_income_quota_pct))
where value < 0 or value > 100
union all
select 'core.fct_official_unemployment', year, area_code, concat_ws('/', population_group, basis), value, source_file, line_number
from core.fct_official_unemployment
where measure = 'unemployment_rate' and (value < 0 or value > 100)
