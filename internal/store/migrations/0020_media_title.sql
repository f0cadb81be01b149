-- A library file's title is for people and can now be edited; until now it
-- was always the name the file was uploaded with. That name is kept beside
-- it, so that the library still finds a file by it after a new title.
ALTER TABLE media ADD COLUMN file_name TEXT NOT NULL DEFAULT '';
UPDATE media SET file_name = title;
