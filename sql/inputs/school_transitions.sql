-- grain: as staging.stg_dortmund_school_transitions__transitions (the input core reads by what it gives; sql/README.md "Inputs").
select * from staging.stg_dortmund_school_transitions__transitions
