-- protects: marts.bedarf_und_angebot
-- Every Stadtbezirk and every statistischer Bezirk has exactly one row in marts.bedarf_und_angebot for each pair of
-- sql/reference/need_supply_pairs.csv declared at its level, once both indicators have values at that level; and a pair
-- is declared only at levels where its indicators exist once they exist at all (a supply indicator of places whose
-- source gives only the Stadtbezirk cannot be declared for the statistische Bezirke). A failing row names the level,
-- the area (NULL for a level declared wrongly), the pair and how many rows it has: a district missing from
-- marts.areas, a join that doubles rows, or a wrong level in need_supply_pairs.csv.
with

pairs as (
    select need_indicator, supply_indicator, unnest(string_split(area_levels, '|')) as area_level
    from ref.need_supply_pairs
),

areas as (
    select area_level, area_code from marts.areas where area_level in ('stadtbezirk', 'statistischer_bezirk')
),

levels_with_values as (
    select distinct indicator_id, area_level from marts.indicator_values
),

indicators_with_values as (
    select distinct indicator_id from marts.indicator_values
),

published as (
    select gebiet_ebene, gebiet_nr, bedarf_indikator, angebot_indikator, count(*) as rows
    from marts.bedarf_und_angebot
    group by all
),

-- pairs whose two indicators both have values at the declared level
comparable as (
    select pairs.*
    from pairs
    inner join levels_with_values need on need.indicator_id = pairs.need_indicator and need.area_level = pairs.area_level
    inner join levels_with_values supply on supply.indicator_id = pairs.supply_indicator and supply.area_level = pairs.area_level
),

expected as (
    select areas.area_level, areas.area_code, comparable.need_indicator, comparable.supply_indicator
    from comparable
    inner join areas on areas.area_level = comparable.area_level
),

coverage as (
    select
        coalesce(expected.area_level, published.gebiet_ebene) as area_level,
        coalesce(expected.area_code, published.gebiet_nr) as area_code,
        coalesce(expected.need_indicator, published.bedarf_indikator) as need_indicator,
        coalesce(expected.supply_indicator, published.angebot_indikator) as supply_indicator,
        coalesce(published.rows, 0) as rows
    from expected
    full outer join published
        on published.gebiet_ebene = expected.area_level and published.gebiet_nr = expected.area_code
        and published.bedarf_indikator = expected.need_indicator and published.angebot_indikator = expected.supply_indicator
    where published.rows is distinct from 1 or expected.area_code is null
),

-- a declared level where an indicator has no value although it has values elsewhere
wrong_levels as (
    select pairs.area_level, cast(null as varchar) as area_code, pairs.need_indicator, pairs.supply_indicator, 0 as rows
    from pairs
    where exists (
        select 1 from indicators_with_values i
        where i.indicator_id in (pairs.need_indicator, pairs.supply_indicator)
          and not exists (select 1 from levels_with_values l where l.indicator_id = i.indicator_id and l.area_level = pairs.area_level)
    )
)

select * from coverage
union all
select * from wrong_levels
