-- grain: as staging.stg_regionalstatistik_schools__kreise (the input core reads by what it gives; sql/README.md "Inputs").
select * from staging.stg_regionalstatistik_schools__kreise
