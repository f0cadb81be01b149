-- Every item belongs to a translation group: the items that say the same in
-- other languages share its group_id, the id of the group's first item.
-- A group holds at most one item per language.
ALTER TABLE news ADD COLUMN group_id INTEGER;
ALTER TABLE projects ADD COLUMN group_id INTEGER;
ALTER TABLE pages ADD COLUMN group_id INTEGER;
UPDATE news SET group_id = id;
UPDATE projects SET group_id = id;
UPDATE pages SET group_id = id;
CREATE UNIQUE INDEX news_group_lang ON news (group_id, lang);
CREATE UNIQUE INDEX projects_group_lang ON projects (group_id, lang);
CREATE UNIQUE INDEX pages_group_lang ON pages (group_id, lang);
