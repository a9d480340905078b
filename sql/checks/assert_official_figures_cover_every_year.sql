-- protects: core.fct_official_school_leavers, core.fct_official_unemployment, core.fct_regional_figures
-- Every year a Regionalstatistik table delivers must carry the official figures of Dortmund, NRW and Germany
-- (sql/reference/regions.csv). One missing means its row was dropped or its region key damaged (a symbol or a
-- typo where the key should be), and the city's districts would be reconciled against nothing: look at the
-- file's rows of that year.
with

delivered as (
    select distinct 'regionalstatistik_school_leavers' as source_id, year from inputs.regional_school_leavers
    union all
    select distinct 'regionalstatistik_unemployment', year from inputs.regional_unemployment
),

present as (
    select distinct 'regionalstatistik_school_leavers' as source_id, year, area_code from core.fct_official_school_leavers
    union all
    select distinct 'regionalstatistik_unemployment', year, area_code from core.fct_official_unemployment
)

select delivered.source_id, delivered.year, regions.area_level, regions.area_code, regions.genesis_code
from delivered
cross join ref.regions as regions
left join present
    on present.source_id = delivered.source_id and present.year = delivered.year and present.area_code = regions.area_code
where present.area_code is null
