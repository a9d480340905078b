-- grain: as staging.stg_dortmund_school_leavers__leavers (the input core reads by what it gives; sql/README.md "Inputs").
select * from staging.stg_dortmund_school_leavers__leavers
