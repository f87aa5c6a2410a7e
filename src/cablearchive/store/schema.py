"""The archive's SQLite schema and its migrations.

The store owns every table. A change to them is a new entry in `MIGRATIONS` (never an edit of
an old one), so an archive written by any earlier version opens and is brought up to date.
"""

from __future__ import annotations

import sqlite3

# Each migration takes the schema from version N-1 to N; index 0 creates version 1.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE cables (
        id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,          -- the version shown: versions.id
        subject TEXT,
        created TEXT,
        released TEXT,
        classification TEXT,
        origin TEXT,
        station TEXT,
        precedence TEXT,
        signer TEXT,
        partial INTEGER NOT NULL,
        warning_count INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX cables_created ON cables(created);
    CREATE INDEX cables_origin ON cables(origin);
    CREATE INDEX cables_classification ON cables(classification);

    -- Every distinct text seen for a cable id; the record is the parse of that text.
    CREATE TABLE versions (
        id INTEGER PRIMARY KEY,
        cable_id TEXT NOT NULL,
        text_hash TEXT NOT NULL,           -- SHA-256 of the text with runs of space collapsed
        text BLOB NOT NULL,                -- zlib-compressed original text
        record BLOB NOT NULL,              -- zlib-compressed JSON of Cable.to_dict()
        released TEXT,
        partial INTEGER NOT NULL,
        ingested_at TEXT NOT NULL,
        UNIQUE (cable_id, text_hash)
    );

    -- Where each version was read from; a text seen in several sources has several rows.
    CREATE TABLE sightings (
        version_id INTEGER NOT NULL REFERENCES versions(id),
        path TEXT NOT NULL,
        member TEXT NOT NULL,              -- '' when the document is the whole file
        offset INTEGER NOT NULL,           -- -1 when the document is the whole file or member
        format TEXT,
        sha256 TEXT,
        PRIMARY KEY (version_id, path, member, offset)
    ) WITHOUT ROWID;

    -- Rows of the version shown, for queries and facets.
    CREATE TABLE tags (
        cable_id TEXT NOT NULL, position INTEGER NOT NULL, tag TEXT NOT NULL,
        PRIMARY KEY (cable_id, position)
    ) WITHOUT ROWID;
    CREATE INDEX tags_tag ON tags(tag);
    CREATE TABLE captions (
        cable_id TEXT NOT NULL, caption TEXT NOT NULL, PRIMARY KEY (cable_id, caption)
    ) WITHOUT ROWID;
    CREATE TABLE addressees (
        cable_id TEXT NOT NULL, kind TEXT NOT NULL, position INTEGER NOT NULL,
        route TEXT, name TEXT NOT NULL, precedence TEXT, mcn TEXT,
        PRIMARY KEY (cable_id, kind, position)
    ) WITHOUT ROWID;
    CREATE TABLE refs (
        cable_id TEXT NOT NULL, position INTEGER NOT NULL,
        label TEXT, raw TEXT NOT NULL, kind TEXT NOT NULL, ref_id TEXT,
        PRIMARY KEY (cable_id, position)
    ) WITHOUT ROWID;
    CREATE INDEX refs_ref_id ON refs(ref_id);
    -- Paragraph numbers and portion marks, for queries by mark; the texts are in the record
    -- (kept once, compressed: the archive must stay within twice the size of the raw text).
    CREATE TABLE paragraphs (
        cable_id TEXT NOT NULL, position INTEGER NOT NULL,
        number INTEGER, classification TEXT, length INTEGER NOT NULL,
        PRIMARY KEY (cable_id, position)
    ) WITHOUT ROWID;
    -- Other names of a cable: malformed ids of the release, NARA document numbers.
    CREATE TABLE aliases (alias TEXT PRIMARY KEY, cable_id TEXT NOT NULL) WITHOUT ROWID;
    """,
    # v2: the viewer's browse pages list a group's cables newest first; without these, a
    # group of 100,000 cables is sorted on every page.
    """
    DROP INDEX cables_origin;
    DROP INDEX cables_classification;
    CREATE INDEX cables_origin_created ON cables(origin, created);
    CREATE INDEX cables_classification_created ON cables(classification, created);
    CREATE INDEX cables_released ON cables(released);
    """,
    # v3: a tag's cables newest first, from one index: PREL alone tags 100,000 cables of
    # Cablegate, too many to join and sort on every page.
    """
    ALTER TABLE tags ADD COLUMN created TEXT;
    UPDATE tags SET created = (SELECT created FROM cables WHERE cables.id = tags.cable_id);
    CREATE INDEX tags_tag_created ON tags(tag, created, cable_id);
    DROP INDEX tags_tag;
    -- The archive-wide counts the viewer's home and browse pages show (seconds to count over
    -- Cablegate), written at the end of each ingest for the archive as it then was.
    CREATE TABLE overview (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        generation INTEGER NOT NULL,       -- max(versions.id) when it was counted
        value TEXT NOT NULL                -- JSON
    );
    """,
    # v4: the people of a cable as fields (issue 8): who classified it, everyone who signed it,
    # the subject's portion mark, and the posts an XMT line leaves out of a collective. Rows
    # stored before have none of these; the signer column becomes their one signer, as the
    # archive reads such records (see archive.current_form). `record_versions` says which
    # parser made a version's record: a re-ingest of the same text parses it anew when an
    # older one did. A version without a row there was stored before it (0). It is a table of
    # its own, not a column of versions: a column after the text and record blobs is read
    # through their overflow pages, and every document an ingest reads looks its version up.
    """
    ALTER TABLE cables ADD COLUMN subject_classification TEXT;
    ALTER TABLE cables ADD COLUMN classifier_name TEXT;
    ALTER TABLE cables ADD COLUMN classifier_title TEXT;
    ALTER TABLE cables ADD COLUMN classifier_office TEXT;
    CREATE TABLE signers (
        cable_id TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL,
        PRIMARY KEY (cable_id, position)
    ) WITHOUT ROWID;
    INSERT INTO signers (cable_id, position, name)
        SELECT id, 0, signer FROM cables WHERE signer IS NOT NULL;
    -- `position` is the addressee's in addressees (same cable and kind), `n` the post's order.
    CREATE TABLE xmt (
        cable_id TEXT NOT NULL, kind TEXT NOT NULL, position INTEGER NOT NULL,
        n INTEGER NOT NULL, post TEXT NOT NULL,
        PRIMARY KEY (cable_id, kind, position, n)
    ) WITHOUT ROWID;
    CREATE TABLE record_versions (
        version_id INTEGER PRIMARY KEY REFERENCES versions(id),
        record_version INTEGER NOT NULL
    );
    """,
    # v5: texts and records as zstd frames (issue 9, see store/codec.py): the dictionaries
    # their frames name, by the id zstd gives them. Versions stored before stay zlib streams.
    # New versions' text_hash is `xxh3:` and the xxh3-128 of the text without spacing; those
    # stored before keep their SHA-256 (see store/archive.py, text_hash and legacy_text_hash).
    """
    CREATE TABLE dictionaries (
        id INTEGER PRIMARY KEY,            -- the zstd dictionary id written in each frame
        kind TEXT NOT NULL,                -- 'text': what it compresses
        data BLOB NOT NULL,
        trained_on INTEGER NOT NULL,       -- how many texts it was trained on
        created_at TEXT NOT NULL
    );
    """,
    """
    -- The reference graph as the last analysis found it (graph/, written by store/graph.py at
    -- the end of each ingest and by `cables analyse`): a node per cable of the archive and per
    -- cable cited but missing from it (a ghost).
    CREATE TABLE graph_nodes (
        id TEXT PRIMARY KEY,
        present INTEGER NOT NULL,          -- 1: in the archive; 0: cited only
        cited INTEGER NOT NULL,            -- distinct cables of the archive citing it
        cites INTEGER NOT NULL,            -- distinct cables it cites
        rank REAL NOT NULL,                -- PageRank; sums to 1 over all nodes
        rank_order INTEGER NOT NULL,       -- 1: the highest rank
        component INTEGER NOT NULL         -- graph_components.id: its thread
    ) WITHOUT ROWID;
    CREATE INDEX graph_nodes_rank_order ON graph_nodes(rank_order);
    CREATE INDEX graph_nodes_cited ON graph_nodes(cited);
    CREATE TABLE graph_components (
        id INTEGER PRIMARY KEY,            -- 1: the largest
        size INTEGER NOT NULL,
        present INTEGER NOT NULL,          -- cables of the archive among its nodes
        first TEXT,                        -- earliest and latest creation dates of its cables
        last TEXT
    );
    -- Who wrote to whom over the whole archive: cables from each origin to each addressee
    -- node (graph/network.py names them), by year.
    CREATE TABLE graph_network (
        source TEXT NOT NULL, target TEXT NOT NULL, year TEXT,
        to_count INTEGER NOT NULL, info_count INTEGER NOT NULL, cables INTEGER NOT NULL
    );
    -- How graph/network.py names each address of the TO and INFO lines (a node).
    CREATE TABLE graph_addressees (name TEXT PRIMARY KEY, node TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE graph_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        generation INTEGER NOT NULL,       -- the archive's generation (max versions.id) analysed
        computed_at TEXT NOT NULL,
        seconds REAL NOT NULL,
        nodes INTEGER NOT NULL,
        edges INTEGER NOT NULL,
        library TEXT NOT NULL
    );
    """,
    # v7: people (issue 11). `names`: every name of the version shown, as the ingest's workers
    # read it (people/extract.py), and those a statistical model found, one row a cable (a
    # row a name cost the scale corpus 1.86 million rows, a quarter of its ingest time and a
    # tenth of its size). `enrichments`: which version of each cable a model has read, so that
    # `cables enrich` goes on where it stopped and redoes what changed. The people are computed
    # from all names at the end of each ingest (people/grouping.py, store/people.py).
    """
    CREATE TABLE names (
        cable_id TEXT PRIMARY KEY,
        -- JSON: [role, written, title, paragraph, start, end, source] a name, in the order
        -- people/extract.py reads them, a model's after. role: signer, classifier, tagged,
        -- mentioned; title: what the title written with it means; paragraph: its position in
        -- the record's paragraphs, start and end where it stands in that paragraph's text;
        -- source: '' the parser's rules, else the model's `name version`.
        data TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE enrichments (
        cable_id TEXT NOT NULL, kind TEXT NOT NULL,
        version_id INTEGER NOT NULL,       -- the version read
        model TEXT NOT NULL,               -- `name version`
        done_at TEXT NOT NULL,
        PRIMARY KEY (cable_id, kind)
    ) WITHOUT ROWID;
    CREATE TABLE people (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,          -- in URLs: `john-m-ordway`
        name TEXT NOT NULL,                -- displayed: the fullest spelling
        surname TEXT NOT NULL,
        cables INTEGER NOT NULL,           -- distinct cables, any role
        signer INTEGER NOT NULL, classifier INTEGER NOT NULL,
        tagged INTEGER NOT NULL, mentioned INTEGER NOT NULL,
        first TEXT, last TEXT,             -- creation dates of its first and last cables
        detail TEXT NOT NULL               -- JSON: spellings, titles, posts
    );
    CREATE INDEX people_cables ON people(cables DESC);
    -- Who each name of a cable is: JSON, people.id a name in `names` order (0: nobody).
    CREATE TABLE cable_people (cable_id TEXT PRIMARY KEY, persons TEXT NOT NULL) WITHOUT ROWID;
    -- Each person's cables in each role, newest first (JSON: ids; a long list as a zstd frame).
    CREATE TABLE person_cables (
        person INTEGER NOT NULL, role TEXT NOT NULL, cables TEXT NOT NULL,
        PRIMARY KEY (person, role)
    ) WITHOUT ROWID;
    -- The folded words of each person's names and spellings: `person:` finds people by them.
    CREATE TABLE person_words (
        word TEXT NOT NULL, person INTEGER NOT NULL, PRIMARY KEY (word, person)
    ) WITHOUT ROWID;
    -- Cables stored before v7, whose names are still to be read from their records (by
    -- `cables analyse` or the next ingest, store/archive.py `_read_pending_names`).
    CREATE TABLE names_pending (cable_id TEXT PRIMARY KEY) WITHOUT ROWID;
    INSERT INTO names_pending SELECT id FROM cables;
    CREATE TABLE people_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        generation INTEGER NOT NULL,       -- the archive's generation grouped
        enriched INTEGER NOT NULL,         -- cables a model had read (a new enrichment regroups)
        computed_at TEXT NOT NULL,
        seconds REAL NOT NULL,
        people INTEGER NOT NULL,
        names INTEGER NOT NULL
    );
    """,
    # v8: similar cables (issue 12). One vector a cable (of its version shown), made by the
    # archive's text model (vectors/), kept as int8 with its scale: a quarter of float32's
    # size, and the ranking of similar cables is the same to the third decimal of recall.
    # `data` NULL: the cable was read and has no text to embed (its page says so).
    """
    CREATE TABLE vectors (
        cable_id TEXT PRIMARY KEY,
        version_id INTEGER NOT NULL,       -- the version embedded
        model TEXT NOT NULL,               -- `name version` of the model that made it
        scale REAL NOT NULL,               -- the vector is data * scale
        data BLOB                          -- int8, one byte a dimension
    ) WITHOUT ROWID;
    -- Grows with every batch of vectors stored: what a process's loaded index is checked
    -- against (counting the vectors would cost milliseconds a search).
    CREATE TABLE vectors_state (id INTEGER PRIMARY KEY CHECK (id = 1), stamp INTEGER NOT NULL);
    INSERT INTO vectors_state VALUES (1, 0);
    """,
    # v9: cables a `cables repair` could not bring back (issue 13): known to the damaged
    # archive, neither readable in it nor found in its sources. Kept so that `cables check`
    # goes on naming them and a later repair given their sources (or an ingest of them)
    # brings them back; a cable stored again leaves the table.
    """
    CREATE TABLE lost (
        cable_id TEXT PRIMARY KEY,
        since TEXT NOT NULL                -- the repair that found it lost
    ) WITHOUT ROWID;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

# The indexes that only speed up reading (browse pages, backlinks): a bulk load drops them and
# builds them once at its end, which is several times faster than keeping them up to date row
# by row. Any writer that opens the archive builds those missing (an interrupted bulk load).
SECONDARY_INDEXES: dict[str, str] = {
    "cables_created": "cables(created)",
    "cables_origin_created": "cables(origin, created)",
    "cables_classification_created": "cables(classification, created)",
    "cables_released": "cables(released)",
    "tags_tag_created": "tags(tag, created, cable_id)",
    "refs_ref_id": "refs(ref_id)",
}


def drop_secondary_indexes(conn: sqlite3.Connection) -> None:
    for name in SECONDARY_INDEXES:
        conn.execute(f"DROP INDEX IF EXISTS {name}")


def ensure_secondary_indexes(conn: sqlite3.Connection) -> None:
    for name, on in SECONDARY_INDEXES.items():
        conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {on}")


class SchemaError(Exception):
    """The archive was written by a newer cablearchive, or is not an archive at all."""


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database to SCHEMA_VERSION; returns the version it had before."""
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    if found > SCHEMA_VERSION:
        raise SchemaError(
            f"this archive has schema version {found}, newer than this cablearchive "
            f"understands ({SCHEMA_VERSION}): upgrade cablearchive to open it"
        )
    if found == 0:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        if tables:  # a SQLite database of something else: never written into
            shown = ", ".join(sorted(tables)[:5])
            raise SchemaError(
                f"this is not a cablearchive archive: a SQLite database of something else"
                f" (tables {shown}); name another folder"
            )
    for version in range(found, SCHEMA_VERSION):
        # One transaction per step: a crash leaves the archive at the version before it.
        conn.executescript(
            f"BEGIN;\n{MIGRATIONS[version]}\nPRAGMA user_version = {version + 1};\nCOMMIT;"
        )
    return int(found)
