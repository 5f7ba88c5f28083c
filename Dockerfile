FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 LOADWATCH_DATA_DIR=/data
WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY service ./service
COPY workers ./workers
COPY migrations ./migrations
RUN pip install --no-cache-dir . && useradd --system --home /data loadwatch \
    && mkdir -p /data && chown loadwatch /data
USER loadwatch
EXPOSE 8000
CMD ["loadwatch", "serve", "--host", "0.0.0.0", "--port", "8000"]
