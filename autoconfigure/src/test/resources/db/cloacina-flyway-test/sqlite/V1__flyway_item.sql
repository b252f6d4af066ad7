CREATE TABLE flyway_item (id INTEGER PRIMARY KEY AUTOINCREMENT, vendor TEXT NOT NULL);
INSERT INTO flyway_item (vendor) VALUES ('sqlite');
