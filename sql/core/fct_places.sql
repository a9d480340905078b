-- grain: one row per place of talent support (a school, youth leisure facility, day-care centre, library branch or
-- adult-education site), placed in exactly one district — by the district number its source gives, else by the
-- configured district boundaries, else by the configured address table — or left unplaced with the reason why
-- (sql/README.md "Placing places").
with

schools as (
    select * from inputs.places_schools
),

youth_facilities as (
    select * from inputs.places_youth_facilities
),

daycare as (
    select * from inputs.places_daycare
),

libraries as (
    select * from inputs.places_libraries
),

adult_education as (
    select * from inputs.places_adult_education
),

stat_bezirke as (
    select * from ref.stat_bezirke
),

placement_inputs as (
    select * from ref.placement_inputs
),

address_districts as (
    select * from ref.address_districts
),

-- schools give their statistischer Bezirk
schools_sourced as (
    select
        'schule' as place_kind,
        place_id,
        place_name,
        category,
        'children|young_people' as target_group,
        cast(null as integer) as capacity,
        address,
        postcode,
        latitude,
        longitude,
        stat_bezirk_code as given_stat_bezirk_code,
        cast(null as varchar) as given_stadtbezirk_code,
        source_id,
        run_id,
        source_file,
        line_number
    from schools
),

-- youth facilities give only their Stadtbezirk
youth_facilities_sourced as (
    select
        'jugendfreizeitstaette' as place_kind,
        place_id,
        place_name,
        category,
        'children|young_people' as target_group,
        cast(null as integer) as capacity,
        address,
        postcode,
        latitude,
        longitude,
        cast(null as varchar) as given_stat_bezirk_code,
        stadtbezirk_code as given_stadtbezirk_code,
        source_id,
        run_id,
        source_file,
        line_number
    from youth_facilities
),

-- day-care centres give their statistischer Bezirk, as schools do, and their places (Plätze)
daycare_sourced as (
    select
        'kindertageseinrichtung' as place_kind,
        place_id,
        place_name,
        category,
        'children' as target_group,
        capacity,
        address,
        postcode,
        latitude,
        longitude,
        stat_bezirk_code as given_stat_bezirk_code,
        cast(null as varchar) as given_stadtbezirk_code,
        source_id,
        run_id,
        source_file,
        line_number
    from daycare
),

-- library branches and adult-education sites give only their Stadtbezirk
libraries_sourced as (
    select
        'bibliothek' as place_kind,
        place_id,
        place_name,
        category,
        'children|young_people|adults' as target_group,
        cast(null as integer) as capacity,
        address,
        postcode,
        latitude,
        longitude,
        cast(null as varchar) as given_stat_bezirk_code,
        stadtbezirk_code as given_stadtbezirk_code,
        source_id,
        run_id,
        source_file,
        line_number
    from libraries
),

adult_education_sourced as (
    select
        'volkshochschule' as place_kind,
        place_id,
        place_name,
        category,
        'adults' as target_group,
        cast(null as integer) as capacity,
        address,
        postcode,
        latitude,
        longitude,
        cast(null as varchar) as given_stat_bezirk_code,
        stadtbezirk_code as given_stadtbezirk_code,
        source_id,
        run_id,
        source_file,
        line_number
    from adult_education
),

sourced as (
    select * from schools_sourced
    union all
    select * from youth_facilities_sourced
    union all
    select * from daycare_sourced
    union all
    select * from libraries_sourced
    union all
    select * from adult_education_sourced
),

-- what the city configures to place by (config/city.yaml), named in the reason of what stays unplaced
configured as (
    select
        (select string_agg(file, ', ' order by area_level) from placement_inputs where kind = 'boundaries') as boundary_files,
        (select max(file) from placement_inputs where kind = 'address_table') as address_file
),

-- an address such as "Hauptstraße 11a" or "Am Markt 2-4" as its street and its (first) house number
parsed as (
    select
        sourced.*,
        street_key(regexp_extract(address, '^(.*[^0-9\s])\s+([0-9]+)\s*[A-Za-z]?\s*([-/].*)?$', 1)) as street_key,
        try_cast(regexp_extract(address, '^(.*[^0-9\s])\s+([0-9]+)\s*[A-Za-z]?\s*([-/].*)?$', 2) as integer) as house_number
    from sourced
),

-- for a place without a district number: the district whose boundary holds its point (district_at: the lower code on
-- an edge two districts share; NULL where the level has no boundaries or the point lies outside them all), and the
-- statistische Bezirke of the address table's rows that hold its street, postcode and house number on its side
looked_up as (
    select
        parsed.*,
        case
            when given_stat_bezirk_code is null and given_stadtbezirk_code is null
                then district_at('statistischer_bezirk', latitude, longitude)
        end as boundary_stat_bezirk_code,
        case
            when given_stat_bezirk_code is null and given_stadtbezirk_code is null
                then district_at('stadtbezirk', latitude, longitude)
        end as boundary_stadtbezirk_code,
        (
            select list_sort(list_distinct(list(address_districts.stat_bezirk_code)))
            from address_districts
            where parsed.given_stat_bezirk_code is null
                and parsed.given_stadtbezirk_code is null
                and street_key(address_districts.street) = parsed.street_key
                and address_districts.postcode = parsed.postcode
                and parsed.house_number between address_districts.number_from and address_districts.number_to
                and (address_districts.side = 'all' or (address_districts.side = 'odd') = (parsed.house_number % 2 = 1))
        ) as address_matches
    from parsed
),

-- the first rule that places it, in order of precedence; an address in two districts places nothing
decided as (
    select
        looked_up.*,
        case
            when given_stat_bezirk_code is not null then 'statistischer_bezirk_nr'
            when given_stadtbezirk_code is not null then 'stadtbezirk_nr'
            when boundary_stat_bezirk_code is not null or boundary_stadtbezirk_code is not null then 'polygon'
            when len(address_matches) = 1 then 'address_table'
        end as placed_by
    from looked_up
),

-- the statistischer Bezirk it was placed in (the finest boundaries win), whose Stadtbezirk comes from the reference
placed as (
    select
        decided.*,
        case placed_by
            when 'statistischer_bezirk_nr' then given_stat_bezirk_code
            when 'polygon' then boundary_stat_bezirk_code
            when 'address_table' then address_matches[1]
        end as placed_stat_bezirk_code
    from decided
),

final as (
    select
        placed.place_kind,
        placed.place_id,
        placed.place_name,
        placed.category,
        placed.target_group,
        placed.capacity,
        placed.address,
        placed.postcode,
        placed.latitude,
        placed.longitude,
        placed.placed_stat_bezirk_code as stat_bezirk_code,
        case
            when placed.placed_by = 'stadtbezirk_nr' then placed.given_stadtbezirk_code
            when placed.placed_stat_bezirk_code is not null then stat_bezirke.stadtbezirk_code
            when placed.placed_by = 'polygon' then placed.boundary_stadtbezirk_code
        end as stadtbezirk_code,
        placed.placed_by,
        case
            when placed.placed_by = 'stadtbezirk_nr' or stat_bezirke.stadtbezirk_code is not null
                or (placed.placed_by = 'polygon' and placed.placed_stat_bezirk_code is null)
                then null
            when placed.placed_stat_bezirk_code is not null
                then 'statistischer Bezirk ' || placed.placed_stat_bezirk_code || ' is not in sql/reference/stat_bezirke.csv'
            else
                case
                    when placed.latitude is null or placed.longitude is null
                        then 'no district number and no coordinates'
                    when configured.boundary_files is null
                        then 'no district number; coordinates ' || placed.latitude || ', ' || placed.longitude
                            || ' given, but no district boundaries are configured to place them by'
                    else 'no district number; coordinates ' || placed.latitude || ', ' || placed.longitude
                        || ' lie outside every district of ' || configured.boundary_files
                end
                || case
                    when configured.address_file is null
                        then case when placed.latitude is null or placed.longitude is null then ': cannot be placed' else '' end
                    when placed.address is null
                        then '; no address to look up in ' || configured.address_file
                    when placed.house_number is null
                        then '; address ''' || placed.address || ''' has no house number to look up in ' || configured.address_file
                    when len(placed.address_matches) > 1
                        then '; address ''' || placed.address || ', ' || coalesce(placed.postcode, '') || ''' lies in several statistische Bezirke of '
                            || configured.address_file || ': ' || array_to_string(placed.address_matches, ', ')
                    else '; address ''' || placed.address || ', ' || coalesce(placed.postcode, 'no postcode') || ''' is not in '
                        || configured.address_file
                end
        end as unplaced_reason,
        placed.source_id,
        placed.run_id,
        placed.source_file,
        placed.line_number
    from placed
    cross join configured
    left join stat_bezirke on stat_bezirke.stat_bezirk_code = placed.placed_stat_bezirk_code
)

select * from final
