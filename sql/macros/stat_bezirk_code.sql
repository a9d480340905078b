-- A statistischer Bezirk in the three-digit spelling 'NN0' of sql/reference/stat_bezirke.csv and marts.areas.
-- The portal prints 'NN0'; other city exports print 'NN', and a reader that parsed the number prints '0' for 000.
-- One or two digits get leading zeros to two and a trailing '0'; a longer number stays as it is (trimmed).
create or replace macro stat_bezirk_code(nr) as
    case
        when length(trim(nr)) <= 2 then lpad(trim(nr), 2, '0') || '0'
        else trim(nr)
    end;
