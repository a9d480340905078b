-- grain: one row per indicator, year and region (Kreis, the state, Germany) with the official numerator and
-- denominator of each share the Städtevergleich and the indicator tables compute from Regionalstatistik figures, by the
-- definitions of sql/reference/indicators.csv. A published '-' is exactly zero and counts as 0; any other symbol, or a
-- figure the table does not have for that region and year, makes the share unknown (has_secret_cell).
with

figures as (
    select * from core.fct_regional_figures
),

-- One row per year and region with each figure (NULL where missing or a symbol) and whether it is usable.
wide as (
    select
        year,
        area_level,
        area_code,
        max(coalesce(value, 0)) filter (where figure = 'general_leavers_total') as general_total,
        bool_or(status = '' or status = '-') filter (where figure = 'general_leavers_total') as general_total_ok,
        max(coalesce(value, 0)) filter (where figure = 'general_leavers_without_hauptschulabschluss') as general_without_hsa,
        bool_or(status = '' or status = '-') filter (where figure = 'general_leavers_without_hauptschulabschluss') as general_without_hsa_ok,
        max(coalesce(value, 0)) filter (where figure = 'general_leavers_allgemeine_hochschulreife') as general_ahr,
        bool_or(status = '' or status = '-') filter (where figure = 'general_leavers_allgemeine_hochschulreife') as general_ahr_ok,
        max(coalesce(value, 0)) filter (where figure = 'general_leavers_fachhochschulreife') as general_fhr,
        bool_or(status = '' or status = '-') filter (where figure = 'general_leavers_fachhochschulreife') as general_fhr_ok,
        max(coalesce(value, 0)) filter (where figure = 'general_leavers_total_female') as female_total,
        bool_or(status = '' or status = '-') filter (where figure = 'general_leavers_total_female') as female_total_ok,
        max(coalesce(value, 0)) filter (where figure = 'general_leavers_without_hauptschulabschluss_female') as female_without_hsa,
        bool_or(status = '' or status = '-') filter (where figure = 'general_leavers_without_hauptschulabschluss_female') as female_without_hsa_ok,
        max(coalesce(value, 0)) filter (where figure = 'general_leavers_allgemeine_hochschulreife_female') as female_ahr,
        bool_or(status = '' or status = '-') filter (where figure = 'general_leavers_allgemeine_hochschulreife_female') as female_ahr_ok,
        max(coalesce(value, 0)) filter (where figure = 'vocational_leavers_allgemeine_hochschulreife') as vocational_ahr,
        bool_or(status = '' or status = '-') filter (where figure = 'vocational_leavers_allgemeine_hochschulreife') as vocational_ahr_ok,
        max(coalesce(value, 0)) filter (where figure = 'vocational_leavers_fachhochschulreife') as vocational_fhr,
        bool_or(status = '' or status = '-') filter (where figure = 'vocational_leavers_fachhochschulreife') as vocational_fhr_ok,
        max(coalesce(value, 0)) filter (where figure = 'unemployed_total') as unemployed,
        bool_or(status = '' or status = '-') filter (where figure = 'unemployed_total') as unemployed_ok,
        max(coalesce(value, 0)) filter (where figure = 'unemployed_long_term') as unemployed_long_term,
        bool_or(status = '' or status = '-') filter (where figure = 'unemployed_long_term') as unemployed_long_term_ok,
        max(coalesce(value, 0)) filter (where figure = 'unemployed_foreign') as unemployed_foreign,
        bool_or(status = '' or status = '-') filter (where figure = 'unemployed_foreign') as unemployed_foreign_ok,
        max(coalesce(value, 0)) filter (where figure = 'pupils_total') as pupils,
        bool_or(status = '' or status = '-') filter (where figure = 'pupils_total') as pupils_ok,
        max(run_id) as run_id
    from figures
    group by all
),

pupils_by_type as (
    select year, area_code, figure[length('pupils_') + 1:] as school_type, coalesce(value, 0) as pupils, status in ('', '-') as ok
    from figures
    where figure in ('pupils_hauptschule', 'pupils_realschule', 'pupils_gymnasium', 'pupils_gesamtschule',
                     'pupils_mehrere_bildungsgaenge', 'pupils_foerderschule')
),

inputs as (
    select 'school_leavers_share_without_hauptschulabschluss' as indicator_id, year, area_level, area_code,
           '21111-02-06-4' as table_code, general_without_hsa as numerator, general_total as denominator,
           not coalesce(general_without_hsa_ok and general_total_ok, false) as has_secret_cell,
           'regionalstatistik_school_leavers' as source_ids, run_id
    from wide where general_total_ok is not null
    union all
    select 'school_leavers_share_abitur', year, area_level, area_code, '21111-02-06-4', general_ahr, general_total,
           not coalesce(general_ahr_ok and general_total_ok, false), 'regionalstatistik_school_leavers', run_id
    from wide where general_total_ok is not null
    -- by sex: the tables publish women and both sexes; men are both sexes less women (NRW rounds every cell to a
    -- multiple of 5 on its own, so the men's figures of NRW and its Kreise may be off by up to 5)
    union all
    select 'school_leavers_share_without_hauptschulabschluss_female', year, area_level, area_code, '21111-02-06-4',
           female_without_hsa, female_total, not coalesce(female_without_hsa_ok and female_total_ok, false),
           'regionalstatistik_school_leavers', run_id
    from wide where female_total_ok is not null
    union all
    select 'school_leavers_share_without_hauptschulabschluss_male', year, area_level, area_code, '21111-02-06-4',
           general_without_hsa - female_without_hsa, general_total - female_total,
           not coalesce(general_without_hsa_ok and female_without_hsa_ok and general_total_ok and female_total_ok, false),
           'regionalstatistik_school_leavers', run_id
    from wide where female_total_ok is not null and general_total_ok is not null
    union all
    select 'school_leavers_share_abitur_female', year, area_level, area_code, '21111-02-06-4',
           female_ahr, female_total, not coalesce(female_ahr_ok and female_total_ok, false),
           'regionalstatistik_school_leavers', run_id
    from wide where female_total_ok is not null
    union all
    select 'school_leavers_share_abitur_male', year, area_level, area_code, '21111-02-06-4',
           general_ahr - female_ahr, general_total - female_total,
           not coalesce(general_ahr_ok and female_ahr_ok and general_total_ok and female_total_ok, false),
           'regionalstatistik_school_leavers', run_id
    from wide where female_total_ok is not null and general_total_ok is not null
    -- AHR and FHR of general and vocational schools of the same school year per 100 leavers of general schools (about
    -- one age cohort: nearly everyone leaves a general school once); only where both tables have the year.
    union all
    select 'studienberechtigtenquote', year, area_level, area_code, '21111-02-06-4, 21121-02-02-4',
           general_ahr + general_fhr + vocational_ahr + vocational_fhr, general_total,
           not coalesce(general_ahr_ok and general_fhr_ok and vocational_ahr_ok and vocational_fhr_ok and general_total_ok, false),
           'regionalstatistik_school_leavers,regionalstatistik_vocational_leavers', run_id
    from wide where general_total_ok is not null and vocational_ahr_ok is not null
    union all
    select 'unemployed_share_long_term', year, area_level, area_code, '13211-02-05-4', unemployed_long_term, unemployed,
           not coalesce(unemployed_long_term_ok and unemployed_ok, false), 'regionalstatistik_unemployment', run_id
    from wide where unemployed_ok is not null
    union all
    select 'unemployed_share_foreign', year, area_level, area_code, '13211-02-05-4', unemployed_foreign, unemployed,
           not coalesce(unemployed_foreign_ok and unemployed_ok, false), 'regionalstatistik_unemployment', run_id
    from wide where unemployed_ok is not null
    union all
    select 'pupils_share_' || p.school_type, w.year, w.area_level, w.area_code, '21111-01-03-4', p.pupils, w.pupils,
           not coalesce(p.ok and w.pupils_ok, false), 'regionalstatistik_schools', w.run_id
    from wide w
    inner join pupils_by_type p on p.year = w.year and p.area_code = w.area_code
    where w.pupils_ok is not null
),

final as (
    select * from inputs
)

select * from final
