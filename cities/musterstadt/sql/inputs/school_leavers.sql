-- grain: as staging.stg_musterstadt_school_leavers__leavers (the input the shared core reads by what it gives; sql/README.md "Inputs").
select * from staging.stg_musterstadt_school_leavers__leavers
