-- grain: as staging.stg_dortmund_unemployment__unemployed (the input core reads by what it gives; sql/README.md "Inputs").
select * from staging.stg_dortmund_unemployment__unemployed
