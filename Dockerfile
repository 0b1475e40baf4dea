# Newsflow image: one image for the worker and the web server (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY schemas ./schemas
COPY pipeline ./pipeline
COPY agents ./agents
RUN pip install . && useradd --system --uid 10001 newsflow
USER newsflow
# Default: a pipeline worker. The dashboard service runs `newsflow web` instead.
CMD ["newsflow", "worker"]
