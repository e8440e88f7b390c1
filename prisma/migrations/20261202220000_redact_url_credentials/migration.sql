-- A password typed into an ssh:// source URL (ssh://user:password@host/…) used to be stored, shown and
-- audited as typed; the API refuses such URLs now. Remove the secret part from what was written before:
-- the password of ssh URLs (the user name stays, it names the account), all user-info of http(s) URLs
-- (there a token is often the user name). The greedy [^/]* reaches the last '@' before the path, as URL
-- parsers do.
UPDATE "git_repositories"
SET "url" = regexp_replace("url", '^(ssh://[^/@:]*):[^/]*@', '\1@')
WHERE "url" ~ '^ssh://[^/@:]*:[^/]*@';

UPDATE "git_repositories"
SET "url" = regexp_replace("url", '^(https?://)[^/]*@', '\1')
WHERE "url" ~ '^https?://[^/]*@';

UPDATE "audit_entries"
SET "details" = jsonb_set("details", '{url}', to_jsonb(regexp_replace("details"->>'url', '^(ssh://[^/@:]*):[^/]*@', '\1@')))
WHERE "details"->>'url' ~ '^ssh://[^/@:]*:[^/]*@';

UPDATE "audit_entries"
SET "details" = jsonb_set("details", '{url}', to_jsonb(regexp_replace("details"->>'url', '^(https?://)[^/]*@', '\1')))
WHERE "details"->>'url' ~ '^https?://[^/]*@';
