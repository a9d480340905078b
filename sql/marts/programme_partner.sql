-- grain: one row per programme or partner of the curated directory sql/reference/talent_programmes.csv, as published:
-- German column names, the districts it serves as Stadtbezirk numbers joined by | (or stadtweit), and how many
-- Stadtbezirke that is. The file is checked against its schema when the project loads, so the cells are valid here.
with

programmes as (
    select * from ref.talent_programmes
),

stadtbezirke as (
    select * from ref.stadtbezirke
),

final as (
    select
        programmes.name,
        programmes.kind as art,
        programmes.target_groups as zielgruppe,
        case when programmes.districts_served = 'city-wide' then 'stadtweit' else programmes.districts_served end as bezirke,
        programmes.contact_url as kontakt_url,
        programmes.source as quelle,
        cast(programmes.date_checked as date) as geprueft_am,
        programmes.example as beispiel,
        -- city-wide serves every Stadtbezirk of the reference list
        case
            when programmes.districts_served = 'city-wide' then (select count(*) from stadtbezirke)
            else len(string_split(programmes.districts_served, '|'))
        end as anzahl_stadtbezirke,
        '' as status
    from programmes
)

select * from final
