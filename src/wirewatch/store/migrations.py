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
]
