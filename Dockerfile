# The production image: gunicorn serves the site; the same image runs the Celery
# worker and beat (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    PATH="/opt/venv/bin:$PATH" \
    DJANGO_VAR_DIR=/app/var

RUN pip install --no-cache-dir "uv==0.13.9" \
    && groupadd --system app && useradd --system --gid app --home /app app

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --locked --no-dev --no-install-project

COPY . .
RUN mkdir -p var/media var/static \
    && DJANGO_HTTPS=0 python manage.py collectstatic --noinput --verbosity 0 \
    && chown -R app:app var

USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi:application"]
