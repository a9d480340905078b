-- A street's name as the address table and a place's address are compared: lower case, ß as ss, a trailing 'str' or
-- 'str.' as 'strasse', and nothing but letters and digits ('Hauptstr.', 'Hauptstraße' and 'haupt-strasse' are one).
create or replace macro street_key(street) as
    regexp_replace(
        regexp_replace(replace(lower(trim(street)), 'ß', 'ss'), 'str\.?$', 'strasse'),
        '[^a-z0-9äöü]', '', 'g'
    );
