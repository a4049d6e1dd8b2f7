"""Numbered schema migrations, applied in order, each in its own transaction.

A migration is never edited once released: add a new one with the next number.
Each entry is ``(number, description, sql)``.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "articles, analyses, entities, actors, events, claims, failures",
        """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            title TEXT,
            outlet TEXT,
            author TEXT,
            published TEXT,
            url TEXT,
            canonical_url TEXT,
            language TEXT,
            dateline TEXT,
            fetched_at TEXT,
            source TEXT,
            meta TEXT NOT NULL DEFAULT '{}',
            text TEXT NOT NULL,
            added_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'new',   -- new | processed | duplicate | skipped
            duplicate_of TEXT REFERENCES articles(id),
            duplicate_kind TEXT,                   -- exact | near
            fingerprint TEXT
        );
        CREATE INDEX articles_status ON articles(status);
        CREATE INDEX articles_published ON articles(published);
        CREATE INDEX articles_url ON articles(url);

        CREATE TABLE analyses (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            data TEXT NOT NULL,
            pipeline TEXT NOT NULL,
            processed_at TEXT NOT NULL
        );

        CREATE TABLE actors (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            country TEXT,
            sector TEXT,
            role TEXT
        );

        CREATE TABLE entities (
            article_id TEXT NOT NULL REFERENCES articles(id),
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            label TEXT NOT NULL,
            actor TEXT,
            PRIMARY KEY (article_id, idx)
        );
        CREATE INDEX entities_actor ON entities(actor);

        CREATE TABLE events (
            id TEXT PRIMARY KEY,                   -- article id + '-e' + index
            article_id TEXT NOT NULL REFERENCES articles(id),
            idx INTEGER NOT NULL,
            type TEXT NOT NULL,
            mode TEXT,
            actors TEXT NOT NULL,                  -- JSON list of actor ids
            recipients TEXT NOT NULL,              -- JSON list of actor ids
            place TEXT,
            time TEXT,
            time_basis TEXT,
            modality TEXT NOT NULL,
            source TEXT,
            trigger_start INTEGER NOT NULL,
            trigger_end INTEGER NOT NULL,
            evidence_start INTEGER NOT NULL,
            evidence_end INTEGER NOT NULL,
            evidence TEXT NOT NULL,
            UNIQUE (article_id, idx)
        );
        CREATE INDEX events_type ON events(type);
        CREATE INDEX events_time ON events(time);

        CREATE TABLE event_actors (
            event_id TEXT NOT NULL REFERENCES events(id),
            actor TEXT NOT NULL,
            role TEXT NOT NULL,                    -- actor | recipient
            PRIMARY KEY (event_id, actor, role)
        );
        CREATE INDEX event_actors_actor ON event_actors(actor);

        CREATE TABLE claims (
            id TEXT PRIMARY KEY,                   -- article id + '-c' + index
            article_id TEXT NOT NULL REFERENCES articles(id),
            idx INTEGER NOT NULL,
            source_text TEXT,
            source_actor TEXT,
            cue TEXT,
            certainty TEXT NOT NULL,
            content_start INTEGER NOT NULL,
            content_end INTEGER NOT NULL,
            content TEXT NOT NULL,
            key TEXT,
            value REAL,
            low REAL,
            high REAL,
            approx TEXT,
            unit TEXT,
            UNIQUE (article_id, idx)
        );
        CREATE INDEX claims_key ON claims(key);

        CREATE TABLE failures (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id TEXT,
            input TEXT,
            stage TEXT NOT NULL,
            reason TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX failures_article ON failures(article_id);
        """,
    ),
    (
        2,
        "ingest: feed state for conditional requests and back-off; canonical URL look-up",
        """
        CREATE TABLE feeds (
            url TEXT PRIMARY KEY,
            title TEXT,
            etag TEXT,                             -- last ETag, sent back as If-None-Match
            last_modified TEXT,                    -- last Last-Modified, sent back as If-Modified-Since
            last_checked TEXT,                     -- when it was last polled (UTC ISO)
            last_ok TEXT,                          -- when it last answered with a feed (or 304)
            failures INTEGER NOT NULL DEFAULT 0,   -- polls failed in a row (drives the back-off)
            next_due TEXT,                         -- not polled again before this time
            last_error TEXT,
            entries_added INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX articles_canonical_url ON articles(canonical_url)
        """,
    ),
    (
        3,
        "link: canonical events, their reports, stories, retrieval keys",
        """
        CREATE TABLE canonical_events (
            id TEXT PRIMARY KEY,                   -- 'ev-' + hash of its first report's event id
            type TEXT NOT NULL,
            mode TEXT,
            actors TEXT NOT NULL,                  -- JSON list of actor ids, most reported first
            recipients TEXT NOT NULL,              -- JSON list of actor ids
            time TEXT,                             -- the most specific reported TIMEX value
            times TEXT NOT NULL,                   -- JSON {value: n reports}: conflicts kept visible
            place TEXT,
            places TEXT NOT NULL,                  -- JSON {place: n reports}
            sort_key TEXT,                         -- time order (partial dates placed at their precision)
            first_reported TEXT,                   -- earliest publication date of a report
            last_reported TEXT,
            first_seen TEXT NOT NULL,              -- when wirewatch first stored a report
            corroboration INTEGER NOT NULL,        -- independent outlets (syndicated copies once)
            n_reports INTEGER NOT NULL,
            outlets TEXT NOT NULL,                 -- JSON list
            story_id TEXT,
            triggers TEXT NOT NULL,                -- JSON {trigger lemma: n}
            codes TEXT NOT NULL,                   -- JSON {actor code: n} (country level + people, for linking)
            agents TEXT NOT NULL,                  -- JSON {actor code: n} of the doers only
            embedding BLOB,                        -- sum of report evidence embeddings (float32)
            trigger_embedding BLOB,                -- sum of report trigger embeddings (float32)
            encoder TEXT,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX canonical_events_story ON canonical_events(story_id);
        CREATE INDEX canonical_events_sort ON canonical_events(sort_key);
        CREATE INDEX canonical_events_type ON canonical_events(type);

        CREATE TABLE canonical_keys (
            key TEXT NOT NULL,                     -- 'TYPE|actor code|YYYY-MM' retrieval bucket
            canonical_id TEXT NOT NULL,
            PRIMARY KEY (key, canonical_id)
        ) WITHOUT ROWID;
        CREATE INDEX canonical_keys_canonical ON canonical_keys(canonical_id);

        CREATE TABLE event_reports (
            event_id TEXT PRIMARY KEY,             -- events.id (per-article event)
            canonical_id TEXT NOT NULL,
            article_id TEXT NOT NULL,
            score REAL,                            -- link score (NULL: founded the canonical event)
            embedding BLOB,                        -- evidence sentence embedding
            trigger_embedding BLOB,
            linked_at TEXT NOT NULL
        );
        CREATE INDEX event_reports_canonical ON event_reports(canonical_id);
        CREATE INDEX event_reports_article ON event_reports(article_id);

        CREATE TABLE linked_articles (
            article_id TEXT PRIMARY KEY,
            processed_at TEXT NOT NULL,            -- analyses.processed_at when linked
            story_id TEXT
        );
        CREATE INDEX linked_articles_processed ON linked_articles(processed_at);

        CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            actors TEXT NOT NULL,                  -- JSON {code: weight}
            types TEXT NOT NULL,                   -- JSON {type: n}
            start TEXT,
            end TEXT,
            outlets TEXT NOT NULL,                 -- JSON list
            n_events INTEGER NOT NULL,
            n_articles INTEGER NOT NULL,
            embedding BLOB,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE story_keys (
            key TEXT NOT NULL,                     -- 'actor code|YYYY-MM'
            story_id TEXT NOT NULL,
            PRIMARY KEY (key, story_id)
        ) WITHOUT ROWID;

        CREATE TABLE story_articles (
            story_id TEXT NOT NULL,
            article_id TEXT NOT NULL,
            PRIMARY KEY (story_id, article_id)
        ) WITHOUT ROWID;
        CREATE INDEX story_articles_article ON story_articles(article_id);

        CREATE INDEX analyses_processed_at ON analyses(processed_at)
        """,
    ),
    (
        5,
        "views: full-text search (FTS5) over article titles and texts and event evidence; fts_backfill "
        "indexes the existing rows as this migration is recorded (a trigger, so PostgreSQL leaves it out)",
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='rowid');
        CREATE VIRTUAL TABLE events_fts USING fts5(evidence, content='events', content_rowid='rowid');
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
                VALUES ('delete', old.rowid, old.title, old.text);
        END;
        CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
                VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
            INSERT INTO events_fts(rowid, evidence) VALUES (new.rowid, new.evidence);
        END;
        CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
            INSERT INTO events_fts(events_fts, rowid, evidence) VALUES ('delete', old.rowid, old.evidence);
        END;
        CREATE TRIGGER events_fts_update AFTER UPDATE OF evidence ON events BEGIN
            INSERT INTO events_fts(events_fts, rowid, evidence) VALUES ('delete', old.rowid, old.evidence);
            INSERT INTO events_fts(rowid, evidence) VALUES (new.rowid, new.evidence);
        END;
        CREATE TRIGGER fts_backfill AFTER INSERT ON schema_version WHEN new.version = 5 BEGIN
            INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
            INSERT INTO events_fts(events_fts) VALUES ('rebuild');
        END
        """,
    ),
    (
        6,
        "link: article leads, to link the headline events of articles on one happening",
        """
        CREATE TABLE article_leads (
            article_id TEXT PRIMARY KEY,
            bucket TEXT NOT NULL,                  -- publication month 'YYYY-MM' or 'undated'
            main_event TEXT,                       -- events.id of the article's headline event
            joined TEXT,                           -- canonical event matched by the lead alone (no events)
            embedding BLOB NOT NULL                -- embedding of the title and opening sentences
        );
        CREATE INDEX article_leads_bucket ON article_leads(bucket)
        """,
    ),
    (
        8,
        "link: lead words and their document frequencies (TF-IDF of leads, kept incrementally)",
        """
        ALTER TABLE article_leads ADD COLUMN terms BLOB;
        CREATE TABLE lead_terms (                  -- article_leads.terms: TF-IDF of the lead, word ids then weights
            term TEXT PRIMARY KEY,                 -- a lead word (the empty word counts the leads seen)
            df INTEGER NOT NULL                    -- leads containing it
        )
        """,
    ),
]
