-- grain: as staging.stg_dortmund_adult_education__sites (the input core reads by what it gives; sql/README.md "Inputs").
select * from staging.stg_dortmund_adult_education__sites
