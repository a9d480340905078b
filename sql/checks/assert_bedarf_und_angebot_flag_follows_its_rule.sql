-- protects: marts.bedarf_und_angebot
-- bedarf_hoch_angebot_gering must follow its one rule (dataset bedarf-und-angebot): true when the need value is above
-- the city's value and the supply value below the city's, false when all four are known otherwise, NULL when any is
-- missing. A failing row names the area, the pair, the four values and the flag found; look at
-- sql/marts/bedarf_und_angebot.sql (a changed comparison, or a city value taken from another year than its side).
with

pairs as (
    select * from marts.bedarf_und_angebot
),

expected as (
    select
        *,
        case
            when bedarf_wert is null or bedarf_stadtwert is null or angebot_wert is null or angebot_stadtwert is null then null
            else bedarf_wert > bedarf_stadtwert and angebot_wert < angebot_stadtwert
        end as flag_expected
    from pairs
)

select gebiet_ebene, gebiet_nr, bedarf_indikator, angebot_indikator, bedarf_wert, bedarf_stadtwert, angebot_wert, angebot_stadtwert,
       bedarf_hoch_angebot_gering as flag_found, flag_expected
from expected
where bedarf_hoch_angebot_gering is distinct from flag_expected
