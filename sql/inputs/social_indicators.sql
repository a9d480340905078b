-- grain: as staging.stg_dortmund_social_indicators__stadtbezirke (the input core reads by what it gives; sql/README.md "Inputs").
select * from staging.stg_dortmund_social_indicators__stadtbezirke
