-- grain: as staging.stg_ba_training_market__agentur_dortmund (the input core reads by what it gives; sql/README.md "Inputs").
select * from staging.stg_ba_training_market__agentur_dortmund
