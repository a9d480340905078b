-- grain: as staging.stg_dortmund_youth_facilities__facilities (the input core reads by what it gives; sql/README.md "Inputs").
select * from staging.stg_dortmund_youth_facilities__facilities
