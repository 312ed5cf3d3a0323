-- One row that /health rewrites to prove the database takes writes (a read-only file or a full disk fails here, not
-- only on the next intake).
CREATE TABLE health_probe (
    id int NOT NULL CONSTRAINT pk_health_probe PRIMARY KEY CONSTRAINT ck_health_probe_one CHECK (id = 1),
    checked_at bigint NOT NULL
);
INSERT INTO health_probe (id, checked_at) VALUES (1, 0);

-- ASP.NET Core Data Protection keys, shared by every host on this database so cookies and antiforgery tokens survive a
-- restart and work on any host.
CREATE TABLE data_protection_keys (
    friendly_name nvarchar(200) NOT NULL CONSTRAINT pk_data_protection_keys PRIMARY KEY,
    xml nvarchar(max) NOT NULL,
    created_at bigint NOT NULL
);
GO
