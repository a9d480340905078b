-- protects: marts.bedarf_und_angebot
-- Every Stadtbezirk and every statistischer Bezirk has exactly one row in marts.bedarf_und_angebot for each pair of
-- sql/reference/need_supply_pairs.csv declared at its level, and each side names a year (the indicator has values at
-- that level). A failing row names the level, the area, the pair and how many rows it has; a district missing from
-- marts.areas, a pair whose indicator has no value at a declared level, or a join that doubles rows.
with

pairs as (
    select need_indicator, supply_indicator, unnest(string_split(area_levels, '|')) as area_level
    from ref.need_supply_pairs
),

areas as (
    select area_level, area_code from marts.areas where area_level in ('stadtbezirk', 'statistischer_bezirk')
),

published as (
    select gebiet_ebene, gebiet_nr, bedarf_indikator, angebot_indikator,
           count(*) as rows, count(*) filter (where bedarf_jahr is null or angebot_jahr is null) as rows_without_year
    from marts.bedarf_und_angebot
    group by all
),

expected as (
    select areas.area_level, areas.area_code, pairs.need_indicator, pairs.supply_indicator
    from pairs
    inner join areas on areas.area_level = pairs.area_level
)

select
    coalesce(expected.area_level, published.gebiet_ebene) as area_level,
    coalesce(expected.area_code, published.gebiet_nr) as area_code,
    coalesce(expected.need_indicator, published.bedarf_indikator) as need_indicator,
    coalesce(expected.supply_indicator, published.angebot_indikator) as supply_indicator,
    coalesce(published.rows, 0) as rows,
    coalesce(published.rows_without_year, 0) as rows_without_year
from expected
full outer join published
    on published.gebiet_ebene = expected.area_level and published.gebiet_nr = expected.area_code
    and published.bedarf_indikator = expected.need_indicator and published.angebot_indikator = expected.supply_indicator
where published.rows is distinct from 1 or expected.area_code is null or published.rows_without_year > 0
