-- severity: warn
-- A source that has not been fetched successfully within its pipeline's expected_update_days. The publisher
-- may have moved the dataset (Dortmund's portal puts the year into dataset ids), or the schedule stopped.
with

last_success as (
    select source_id, max(finished_at) as last_loaded_at
    from ops.run_steps
    where step = 'load' and status in ('succeeded', 'unchanged')
    group by source_id
)

select p.source_id, p.expected_update_days, l.last_loaded_at
from ops.pipelines p
left join last_success l on l.source_id = p.source_id
where l.last_loaded_at is null
   or l.last_loaded_at < now() - to_days(p.expected_update_days)
