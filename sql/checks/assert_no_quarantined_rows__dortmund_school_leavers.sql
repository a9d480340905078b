-- protects: staging.stg_dortmund_school_leavers__leavers
-- The last load of dortmund_school_leavers set rows aside (ops.quarantine, for the run listed): without them its figures are
-- incomplete, so nothing built from it is published and the last good publication stays. Get the file fixed
-- upstream, or pipelines/dortmund_school_leavers.yaml if the publisher changed the format; a complete file clears this.
select source_id, entity, run_id, loaded_at, rows_loaded, rows_quarantined
from ops.source_loads
where source_id = 'dortmund_school_leavers'
qualify row_number() over (partition by entity order by loaded_at desc) = 1 and rows_quarantined > 0
