"""The README's backup and restore steps, run for real on PostgreSQL: `backup/backup.sh`
writes a set, `backup/restore.sh` drops the database, restores it, and every table's
row count and every uploaded file match (issue #17, item 3).

On SQLite (`make test`) these skip: the backup service is for the docker compose stack.
`.ci/run` runs them against PostgreSQL with `REQUIRE_BACKUP_TOOLS=1`, which turns a
missing tool (pg_dump, age) into a failure instead of a skip."""

import hashlib
import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from casussen.models import Case
from tests.factories.core import make_case
from tests.steunpunt.test_settings import ROOT

pytestmark = pytest.mark.django_db(transaction=True)

BACKUP = ROOT / "backup" / "backup.sh"
RESTORE = ROOT / "backup" / "restore.sh"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
STORY = "Mijn zoon zit sinds de herfstvakantie thuis; school belt niet terug."


def _require(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if not missing:
        return
    reason = f"needs {', '.join(missing)} on PATH"
    if os.environ.get("REQUIRE_BACKUP_TOOLS") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the backup service backs up PostgreSQL (docker compose)")
    _require("pg_dump", "pg_restore", "psql", "sha256sum", "tar")


def _url(name: str | None = None) -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    host = s["HOST"] or "127.0.0.1"
    return f"postgres://{s['USER']}{password}@{host}:{s['PORT'] or 5432}/{name or s['NAME']}"


def _server():
    return psycopg.connect(_url("postgres"), autocommit=True)


@pytest.fixture
def target():
    """A second database to restore into, holding something the restore must drop."""
    name = f"{connection.settings_dict['NAME']}_restored"
    with _server() as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(_url(name), autocommit=True) as db:
        db.execute("CREATE TABLE left_from_before (id int)")
    yield name
    with _server() as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def case(media):
    return make_case(
        description=STORY,
        attachments=[
            SimpleUploadedFile("brief.pdf", PDF, "application/pdf"),
            SimpleUploadedFile("verslag.pdf", PDF + b"% tweede\n", "application/pdf"),
        ],
    )


def _run(script: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own scripts
        [shutil.which("bash"), str(script), *args],
        env={"PATH": os.environ["PATH"], "HOME": str(script.parent), **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _backup(backups: Path, media: Path, **env: str) -> Path:
    done = _run(BACKUP, DATABASE_URL=_url(), MEDIA_ROOT=str(media), BACKUP_DIR=str(backups), **env)
    assert done.returncode == 0, done.stderr
    [made] = [p for p in backups.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return made


def _restore(backup_set: Path, database: str, media: Path, *args: str, **env: str):
    return _run(
        RESTORE,
        *args,
        str(backup_set),
        DATABASE_URL=_url(database),
        MEDIA_ROOT=str(media),
        **env,
    )


def _counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        # The names come from pg_tables, not from input.
        return {
            t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]  # noqa: S608
            for t in tables
        }


def _files(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }


def test_restore_gives_back_every_table_row_and_file(case, media, target, tmp_path):
    backup_set = _backup(tmp_path / "backups", media)
    restored_media = tmp_path / "restored-media"
    (restored_media / "stale").mkdir(parents=True)
    (restored_media / "stale" / "old.pdf").write_bytes(b"old")

    done = _restore(backup_set, target, restored_media, "--yes")

    assert done.returncode == 0, done.stderr
    source, restored = _counts(_url()), _counts(_url(target))
    assert "left_from_before" not in restored
    assert restored == source
    assert restored["casussen_case"] == 1
    assert restored["casussen_caseattachment"] == 2
    files = _files(media)
    assert len(files) == 2
    assert _files(restored_media) == files
    with psycopg.connect(_url(target)) as db:
        [story] = db.execute("SELECT description FROM casussen_case").fetchone()
    assert story == STORY


def test_a_set_holds_the_dump_the_files_and_their_checksums(case, media, tmp_path):
    backup_set = _backup(tmp_path / "backups", media)

    assert sorted(p.name for p in backup_set.iterdir()) == [
        "SHA256SUMS",
        "database.dump",
        "media.tar.gz",
    ]
    assert datetime.strptime(backup_set.name + "+0000", "%Y%m%dT%H%M%SZ%z")
    assert oct(backup_set.stat().st_mode & 0o777) == "0o700"
    assert not [p for p in (tmp_path / "backups").iterdir() if p.name.startswith(".partial")]


def test_without_yes_the_restore_only_checks(case, media, target, tmp_path):
    backup_set = _backup(tmp_path / "backups", media)
    untouched = tmp_path / "untouched"
    untouched.mkdir()
    (untouched / "keep.pdf").write_bytes(b"keep")

    done = _restore(backup_set, target, untouched)

    assert done.returncode == 3
    assert "Nothing was changed" in done.stdout
    assert "left_from_before" in _counts(_url(target))
    assert (untouched / "keep.pdf").read_bytes() == b"keep"


def test_a_damaged_set_is_refused_before_anything_is_dropped(case, media, target, tmp_path):
    backup_set = _backup(tmp_path / "backups", media)
    dump = backup_set / "database.dump"
    dump.write_bytes(dump.read_bytes()[:-10])

    done = _restore(backup_set, target, tmp_path / "restored-media", "--yes")

    assert done.returncode == 1
    assert "does not match its SHA256SUMS" in done.stderr
    assert "left_from_before" in _counts(_url(target))


def test_a_folder_that_is_not_a_set_is_refused(media, target, tmp_path):
    done = _restore(tmp_path, target, media, "--yes")

    assert done.returncode == 2
    assert "not a backup set" in done.stderr
    assert "left_from_before" in _counts(_url(target))


@pytest.fixture
def age_key(tmp_path):
    _require("age", "age-keygen")
    identity = tmp_path / "backup-key.txt"
    keygen = shutil.which("age-keygen")
    subprocess.run([keygen, "-o", str(identity)], check=True, capture_output=True)  # noqa: S603
    public = subprocess.run(  # noqa: S603
        [keygen, "-y", str(identity)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return identity, public


def test_with_a_key_the_set_holds_no_plaintext(case, media, tmp_path, age_key):
    _, public = age_key

    backup_set = _backup(tmp_path / "backups", media, BACKUP_AGE_RECIPIENTS=public)

    names = sorted(p.name for p in backup_set.iterdir())
    assert names == ["SHA256SUMS", "database.dump.age", "media.tar.gz.age"]
    for name in names[1:]:
        data = (backup_set / name).read_bytes()
        assert data.startswith(b"age-encryption.org/v1")
        assert STORY.encode() not in data
        assert PDF not in data


def test_an_encrypted_set_is_restored_with_the_private_key(case, media, target, tmp_path, age_key):
    identity, public = age_key
    backup_set = _backup(tmp_path / "backups", media, BACKUP_AGE_RECIPIENTS=public)
    restored_media = tmp_path / "restored-media"

    done = _restore(backup_set, target, restored_media, "--yes", BACKUP_AGE_IDENTITY=str(identity))

    assert done.returncode == 0, done.stderr
    assert _counts(_url(target)) == _counts(_url())
    assert _files(restored_media) == _files(media)


def test_an_encrypted_set_without_the_key_changes_nothing(case, media, target, tmp_path, age_key):
    _, public = age_key
    backup_set = _backup(tmp_path / "backups", media, BACKUP_AGE_RECIPIENTS=public)

    done = _restore(backup_set, target, tmp_path / "restored-media", "--yes")

    assert done.returncode != 0
    assert "BACKUP_AGE_IDENTITY" in done.stderr
    assert "left_from_before" in _counts(_url(target))


def _stamp(days_ago: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days_ago)).strftime("%Y%m%dT%H%M%SZ")


def test_sets_older_than_the_term_are_removed(media, tmp_path):
    backups = tmp_path / "backups"
    old, recent = backups / _stamp(15), backups / _stamp(13)
    for folder in (old, recent):
        folder.mkdir(parents=True)
        (folder / "SHA256SUMS").write_text("")

    done = _run(
        BACKUP,
        DATABASE_URL=_url(),
        MEDIA_ROOT=str(media),
        BACKUP_DIR=str(backups),
        BACKUP_KEEP_DAYS="14",
    )

    assert done.returncode == 0, done.stderr
    left = sorted(p.name for p in backups.iterdir())
    assert old.name not in left
    assert recent.name in left
    assert len(left) == 2


def test_a_failed_dump_leaves_no_set(media, tmp_path):
    backups = tmp_path / "backups"

    done = _run(
        BACKUP,
        DATABASE_URL=_url("no_such_database_here"),
        MEDIA_ROOT=str(media),
        BACKUP_DIR=str(backups),
    )

    assert done.returncode != 0
    assert list(backups.iterdir()) == []


def test_the_restored_database_serves_the_case(case, media, target, tmp_path):
    backup_set = _backup(tmp_path / "backups", media)
    Case.objects.all().delete()

    done = _restore(backup_set, target, tmp_path / "restored-media", "--yes")

    assert done.returncode == 0, done.stderr
    with psycopg.connect(_url(target)) as db:
        [reference] = db.execute("SELECT reference FROM casussen_case").fetchone()
    assert reference == case.reference
