-- grain: one row per indicator, area and year with the inputs of its value: a count, a ratio of two counts
-- (numerator and denominator, both summed at this level), or a value the source publishes as it is.
-- union of the parts this city builds
-- Each part reads its own inputs; a city that does not provide a part's inputs has that part not configured, and the
-- indicators are those of the other parts (sql/README.md "Not configured").
select * from core.int_indicator_inputs__demography
union all by name
select * from core.int_indicator_inputs__school_leavers
union all by name
select * from core.int_indicator_inputs__transitions
union all by name
select * from core.int_indicator_inputs__training
union all by name
select * from core.int_indicator_inputs__unemployment
union all by name
select * from core.int_indicator_inputs__official_unemployment
union all by name
select * from core.int_indicator_inputs__regional
union all by name
select * from core.int_indicator_inputs__social
union all by name
select * from core.int_indicator_inputs__supply
