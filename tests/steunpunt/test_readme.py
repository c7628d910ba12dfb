"""The README and the compose file tell the same story as the code."""

import re

from tests.steunpunt.test_settings import ROOT

README = (ROOT / "README.md").read_text()
COMPOSE = (ROOT / "docker-compose.yml").read_text()
SETTINGS = (ROOT / "config" / "settings.py").read_text()


def _row(variable: str) -> str:
    [row] = [line for line in README.splitlines() if line.startswith(f"| `{variable}`")]
    return row


def test_design_lives_in_the_repository():
    assert "../shared" not in README
    assert "`docs/design.md`" in README
    assert (ROOT / "docs" / "design.md").read_text().startswith("# Oudersteunpunt platform")


def test_email_port_defaults_agree():
    settings_default = re.search(r'env_int\("EMAIL_PORT", (\d+)\)', SETTINGS).group(1)
    compose_default = re.search(r"EMAIL_PORT: \$\{EMAIL_PORT:-(\d+)\}", COMPOSE).group(1)

    row = _row("EMAIL_PORT")
    assert f"`{settings_default}`" in row
    assert f"`{compose_default}`" in row
    assert "compose" in row


def test_compose_reads_env_file_in_the_plain_form():
    assert "env_file: .env" in COMPOSE
    assert "required:" not in COMPOSE


def test_compose_requires_a_site_url_and_the_readme_names_it():
    assert re.search(r"DJANGO_SITE_URL: \"\$\{DJANGO_SITE_URL:\?", COMPOSE)
    assert "localhost:8000}" not in COMPOSE
    docker = README.split("## Production with docker compose")[1].split("\n## ")[0]
    assert "DJANGO_SITE_URL" in docker
    assert "steunpunt.E002" in docker


def test_backup_term_reaches_the_privacy_page_and_the_backup_service_alike():
    settings_default = re.search(r'env_int\("BACKUP_KEEP_DAYS", (\d+)\)', SETTINGS).group(1)
    compose_defaults = re.findall(r"BACKUP_KEEP_DAYS: \$\{BACKUP_KEEP_DAYS:-(\d+)\}", COMPOSE)

    # Once for the app (the privacy page), once for the backup service (removing sets).
    assert compose_defaults == [settings_default, settings_default]
    assert f"`{settings_default}`" in _row("BACKUP_KEEP_DAYS")


def test_backup_image_has_the_database_servers_version():
    server = re.search(r"image: postgres:(\d+)-alpine", COMPOSE).group(1)
    dockerfile = (ROOT / "backup" / "Dockerfile").read_text()

    assert f"FROM postgres:{server}-alpine" in dockerfile
    assert "build: ./backup" in COMPOSE


def test_readme_restore_steps_are_the_tested_scripts():
    section = README.split("### Backups and restore")[1].split("\n## ")[0]

    assert "restore.sh --yes" in section
    assert "tests/steunpunt/test_backup_restore.py" in section
    assert (ROOT / "backup" / "restore.sh").stat().st_mode & 0o111
    assert (ROOT / "backup" / "backup.sh").stat().st_mode & 0o111
