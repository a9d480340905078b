-- In the Bundesagentur's training-market table an "of which" row never exceeds its total (unplaced applicants
-- <= applicants, unplaced with refugee background <= unplaced, vacant places <= places), and "applicants per 100
-- places" is 100 x applicants / places, printed with one decimal. A breach means a shifted row or column in the
-- download: compare the listed line with the file.
with

market as (
    select * from core.fct_training_market
    where value is not null
),

pairs as (
    select * from (values
        ('unplaced_applicants', 'applicants'),
        ('unplaced_applicants_refugee_background', 'unplaced_applicants'),
        ('vacant_training_places', 'training_places')
    ) as p(part, whole)
),

part_over_whole as (
    select part.year, part.area_code, part.measure, part.value, whole.measure as compared_with, whole.value as limit_value,
        part.source_file, part.line_number
    from pairs
    inner join market part on part.measure = pairs.part
    inner join market whole on whole.year = part.year and whole.area_code = part.area_code and whole.measure = pairs.whole
    where part.value > whole.value
),

ratio_off as (
    select ratio.year, ratio.area_code, ratio.measure, ratio.value, 'applicants / training_places x 100',
        round(100.0 * applicants.value / places.value, 1), ratio.source_file, ratio.line_number
    from market ratio
    inner join market applicants on applicants.year = ratio.year and applicants.area_code = ratio.area_code and applicants.measure = 'applicants'
    inner join market places on places.year = ratio.year and places.area_code = ratio.area_code and places.measure = 'training_places'
    where ratio.measure = 'applicants_per_100_places'
      and places.value > 0
      and abs(ratio.value - 100.0 * applicants.value / places.value) > 0.051
)

select * from part_over_whole
union all
select * from ratio_off
