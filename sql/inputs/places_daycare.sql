-- grain: as staging.stg_dortmund_daycare__centres (the input core reads by what it gives; sql/README.md "Inputs").
select * from staging.stg_dortmund_daycare__centres
