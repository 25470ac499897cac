# backprep web and worker image. Not built in CI (Docker does not run on the CI machines).
#   docker build -t backprep .
#   docker run --env-file backprep.env -p 8000:8000 backprep                  # web
#   docker run --env-file backprep.env backprep backprep worker               # task worker
#   docker run --env-file backprep.env backprep backprep migrate --no-input   # on each deploy
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    BACKPREP_MODEL_CACHE=/app/var/models

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin backprep

WORKDIR /app
COPY . .

# `pip install .` installs the dependencies and the `backprep` command. The settings find
# templates/, static/ and content/ relative to the source tree (BASE_DIR), which the wheel
# does not contain, so PYTHONPATH=/app makes the code run from /app.
RUN pip install ".[semantic]"

# The semantic grader's quantised model, built into the image rather than at the first grade.
RUN python -c "from backprep.grading.semantic import default_embedder; default_embedder()"

# Hashed, compressed static files, built once. The key exists only for this step; the real
# SECRET_KEY comes from the environment at run time.
RUN BACKPREP_ENV=production \
    SECRET_KEY=collectstatic-only-placeholder-key-never-used-at-run-time-0000000000 \
    backprep manage collectstatic --no-input -v 0 \
 && mkdir -p /app/var \
 && chown -R backprep:backprep /app/staticfiles /app/var

USER backprep
EXPOSE 8000

# /healthz must be asked for with a Host that ALLOWED_HOSTS accepts (its first entry).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request as u; h = os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); h = 'localhost' if h in ('', '*') else h; u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': h}), timeout=4)"]

# `serve --prod` runs collectstatic (a no-op here) and then gunicorn (gthread workers).
CMD ["backprep", "serve", "--prod", "--host", "0.0.0.0", "--port", "8000"]
