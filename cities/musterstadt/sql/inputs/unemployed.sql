-- grain: as staging.stg_musterstadt_unemployment__unemployed (the input the shared core reads by what it gives; sql/README.md "Inputs").
select * from staging.stg_musterstadt_unemployment__unemployed
