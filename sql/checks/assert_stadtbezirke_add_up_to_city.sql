-- For every count indicator and year, the 12 Stadtbezirke must add up to the city total (and the
-- statistische Bezirke to their Stadtbezirk). A difference means a district is missing or counted twice.
-- A parent with a secret or unknown child is not compared: its value is then not a sum (it is '.'). Nor is a
-- parent that carries an official figure (its source is then Regionalstatistik, not the city): official tables
-- round each cell on their own and may count by another basis; marts.reconciliation compares those.
with

values as (
    select v.*, a.parent_level, a.parent_code
    from marts.indicator_values v
    inner join marts.areas a on a.area_level = v.area_level and a.area_code = v.area_code
    where v.unit = 'Personen'
),

child_sums as (
    select indicator_id, year, parent_level, parent_code, sum(value) as children_sum, count(*) as children,
           count(*) filter (where status <> '') as children_not_plain
    from values
    where area_level in ('statistischer_bezirk', 'stadtbezirk')
    group by all
)

select c.indicator_id, c.year, c.parent_level, c.parent_code, c.children_sum, c.children, p.value as parent_value,
       c.children_sum - p.value as difference
from child_sums c
inner join values p on p.indicator_id = c.indicator_id and p.year = c.year
    and p.area_level = c.parent_level and p.area_code = c.parent_code
where c.children_not_plain = 0 and p.status = '' and c.children_sum <> p.value
    and p.source_ids not like 'regionalstatistik%'
