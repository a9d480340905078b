-- grain: as the official school leavers of Regionalstatistik (21111-02-06-4): none. Musterstadt is made up, so the
-- official tables have no row for it; the city's district data stand alone, with no official total to win over them and
-- no state or country benchmark. The columns are those the shared core reads (inputs.regional_school_leavers).
select
    cast(null as varchar) as region_code,
    cast(null as varchar) as region_name,
    cast(null as integer) as region_depth,
    cast(null as varchar) as measure,
    cast(null as varchar) as qualification,
    cast(null as varchar) as sex,
    cast(null as double) as value,
    cast(null as varchar) as status,
    cast(null as integer) as year,
    cast(null as varchar) as source_id,
    cast(null as varchar) as run_id,
    cast(null as varchar) as source_period,
    cast(null as varchar) as source_file,
    cast(null as bigint) as line_number
where false
