-- severity: warn
-- A value that moved more than the indicator's declared max_yoy_change_pct from the year before. Often a
-- new vintage with changed boundaries, a changed definition or a missing district; check before trusting it.
with

v as (
    select * from marts.indicator_values where value is not null
)

select cur.indicator_id, cur.area_level, cur.area_code, cur.year, prev.value as previous_value, cur.value,
       round(100.0 * (cur.value - prev.value) / prev.value, 1) as change_pct, i.max_yoy_change_pct
from v as cur
inner join v as prev
    on prev.indicator_id = cur.indicator_id and prev.area_level = cur.area_level
    and prev.area_code = cur.area_code and prev.year = cur.year - 1
inner join marts.indicators i on i.indicator_id = cur.indicator_id
where prev.value <> 0
  and i.max_yoy_change_pct is not null
  and abs(100.0 * (cur.value - prev.value) / prev.value) > i.max_yoy_change_pct
  and cur.area_level in ('stadt', 'stadtbezirk', 'land', 'bund')
